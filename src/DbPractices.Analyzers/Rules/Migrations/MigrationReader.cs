using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules.Migrations;

/// <summary>One <c>migrationBuilder.X(...)</c> call of an <c>Up</c> or <c>Down</c> method.</summary>
internal sealed class MigrationCall
{
    private readonly Dictionary<string, IArgumentOperation> _arguments;

    public MigrationCall(string method, IInvocationOperation invocation, InvocationExpressionSyntax syntax, ExpressionStatementSyntax? statement, bool isTopLevel)
    {
        Method = method;
        Invocation = invocation;
        Syntax = syntax;
        Statement = statement;
        IsTopLevel = isTopLevel;
        TypeArgument = invocation.TargetMethod.TypeArguments.Length == 1 ? invocation.TargetMethod.TypeArguments[0] : null;
        _arguments = new Dictionary<string, IArgumentOperation>(StringComparer.Ordinal);
        foreach (var argument in invocation.Arguments)
        {
            // omitted optional parameters appear as DefaultValue arguments: they were not written
            if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                _arguments[parameter.Name] = argument;
            }
        }
    }

    /// <summary>The MigrationBuilder method name (<c>AddColumn</c>).</summary>
    public string Method { get; }

    public IInvocationOperation Invocation { get; }

    public InvocationExpressionSyntax Syntax { get; }

    /// <summary>The statement the call (with its <c>.Annotation(...)</c> chain) is, when it is a whole expression statement.</summary>
    public ExpressionStatementSyntax? Statement { get; }

    /// <summary>The statement sits directly in the method body (not inside an <c>if</c>, a loop, a lambda).</summary>
    public bool IsTopLevel { get; }

    public ITypeSymbol? TypeArgument { get; }

    /// <summary><c>AddColumn</c> in <c>migrationBuilder.AddColumn&lt;int&gt;(...)</c>, where diagnostics go.</summary>
    public Location NameLocation => Syntax.Expression is MemberAccessExpressionSyntax member ? member.Name.GetLocation() : Syntax.GetLocation();

    public bool Has(string parameter) => _arguments.ContainsKey(parameter);

    public IOperation? Value(string parameter) => _arguments.TryGetValue(parameter, out var argument) ? argument.Value : null;

    public ArgumentSyntax? ArgumentSyntax(string parameter) =>
        _arguments.TryGetValue(parameter, out var argument) ? argument.Syntax as ArgumentSyntax : null;

    public string? String(string parameter) => Value(parameter).GetConstantString();

    /// <summary>The written value, or the parameter's default when the argument is omitted; null when not a constant.</summary>
    public object? Constant(string parameter, out bool known)
    {
        if (_arguments.TryGetValue(parameter, out var argument))
        {
            var constant = argument.Value.WalkDownConversions()!.ConstantValue;
            known = constant.HasValue;
            return constant.HasValue ? constant.Value : null;
        }

        foreach (var p in Invocation.TargetMethod.Parameters)
        {
            if (p.Name == parameter)
            {
                known = p.HasExplicitDefaultValue;
                return p.HasExplicitDefaultValue ? p.ExplicitDefaultValue : null;
            }
        }

        known = false;
        return null;
    }

    /// <summary>The argument is written and is not the constant <c>null</c>.</summary>
    public bool HasNonNull(string parameter) =>
        Value(parameter) is { } value && value.WalkDownConversions() is not { ConstantValue: { HasValue: true, Value: null } };

    public bool? Bool(string parameter) => Constant(parameter, out var known) is bool value && known ? value : null;

    /// <summary>The table the call works on: <c>name</c> of CreateTable/DropTable/RenameTable, <c>table</c> otherwise.</summary>
    public string? Table => Method is "CreateTable" or "DropTable" or "RenameTable" ? String("name") : String("table");

    public string? Schema => String("schema");

    /// <summary>The column of column operations (<c>name</c>).</summary>
    public string? Column => String("name");

    /// <summary><c>column</c> / <c>columns</c> of AddForeignKey and CreateIndex.</summary>
    public ImmutableArray<string> Columns
    {
        get
        {
            if (String("column") is { } single)
            {
                return ImmutableArray.Create(single);
            }

            if (Value("columns")?.WalkDownConversions() is IArrayCreationOperation { Initializer: { } initializer })
            {
                var builder = ImmutableArray.CreateBuilder<string>();
                foreach (var element in initializer.ElementValues)
                {
                    if (element.GetConstantString() is { } name)
                    {
                        builder.Add(name);
                    }
                }

                return builder.ToImmutable();
            }

            return ImmutableArray<string>.Empty;
        }
    }

    /// <summary>Names of the <c>.Annotation("...")</c> calls chained on this call.</summary>
    public IEnumerable<string> AnnotationNames()
    {
        for (var next = Invocation.GetNextInChain(); next is not null; next = next.GetNextInChain())
        {
            if (next.TargetMethod.Name == "Annotation" && next.Arguments.Length > 0 && next.Arguments[0].Value.GetConstantString() is { } name)
            {
                yield return name;
            }
        }
    }

    public bool IsOnTable(string? table, string? schema) =>
        table is not null && Table == table && (schema is null || Schema is null || Schema == schema);
}

/// <summary>The <c>Up</c> or <c>Down</c> override of a migration.</summary>
internal sealed class MigrationMethod
{
    /// <summary>
    /// What is read from a body, keyed by the body's operation: the analyzer driver hands the same operation tree to the
    /// three migration rules, so the body is walked once; an entry lives as long as its operation tree.
    /// </summary>
    private static readonly ConditionalWeakTable<IOperation, Reading> Readings = new();

    private readonly IOperation? _body;
    private readonly INamedTypeSymbol _migrationBuilder;
    private Reading? _reading;

    /// <param name="body">The operation of <c>Body</c> (or of the expression body when there is no block body) as the driver gave it.</param>
    public MigrationMethod(MethodDeclarationSyntax declaration, IOperation? body, INamedTypeSymbol migrationBuilder)
    {
        Declaration = declaration;
        _body = body;
        _migrationBuilder = migrationBuilder;
    }

    public MethodDeclarationSyntax Declaration { get; }

    /// <summary>Every MigrationBuilder call in source order.</summary>
    public ImmutableArray<MigrationCall> Calls => Read().Calls;

    /// <summary>A statement that is not a MigrationBuilder call (a variable, an <c>if</c>, a loop, a throw, ...).</summary>
    public bool HasOtherStatements => Read().HasOtherStatements;

    public bool IsEmpty => Declaration.Body is { Statements.Count: 0 } && Declaration.ExpressionBody is null;

    public string BuilderName => Declaration.ParameterList.Parameters.Count == 1 ? Declaration.ParameterList.Parameters[0].Identifier.ValueText : "migrationBuilder";

    private Reading Read()
    {
        if (_reading is { } reading)
        {
            return reading;
        }

        var declaration = Declaration;
        var migrationBuilder = _migrationBuilder;
        reading = _body is null
            ? Reading.Create(declaration, null, migrationBuilder)
            : Readings.GetValue(_body, body => Reading.Create(declaration, body, migrationBuilder));
        _reading = reading;
        return reading;
    }

    /// <summary>The operation of the body <see cref="Reading"/> reads, among the operation blocks of the method.</summary>
    public static IOperation? BodyOf(ImmutableArray<IOperation> blocks, MethodDeclarationSyntax declaration)
    {
        var target = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        if (target is null)
        {
            return null;
        }

        foreach (var block in blocks)
        {
            if (block.Syntax == target)
            {
                return block;
            }

            if (block is IMethodBodyBaseOperation methodBody)
            {
                if (methodBody.BlockBody?.Syntax == target)
                {
                    return methodBody.BlockBody;
                }

                if (methodBody.ExpressionBody?.Syntax == target)
                {
                    return methodBody.ExpressionBody;
                }
            }
        }

        return null;
    }

    private sealed class Reading
    {
        private Reading(ImmutableArray<MigrationCall> calls, bool hasOtherStatements)
        {
            Calls = calls;
            HasOtherStatements = hasOtherStatements;
        }

        public ImmutableArray<MigrationCall> Calls { get; }

        public bool HasOtherStatements { get; }

        public static Reading Create(MethodDeclarationSyntax declaration, IOperation? body, INamedTypeSymbol migrationBuilder)
        {
            var hasOther = declaration.ExpressionBody is not null;
            if (declaration.Body is { } bodySyntax)
            {
                HashSet<SyntaxNode>? builderStatements = null;
                if (body is IBlockOperation block)
                {
                    foreach (var operation in block.Operations)
                    {
                        if (operation is IExpressionStatementOperation { Syntax: ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation } statement } expressionStatement &&
                            IsMigrationBuilderChain(expressionStatement.Operation, invocation, migrationBuilder))
                        {
                            (builderStatements ??= new HashSet<SyntaxNode>()).Add(statement);
                        }
                    }
                }

                foreach (var statement in bodySyntax.Statements)
                {
                    if (builderStatements is null || !builderStatements.Contains(statement))
                    {
                        hasOther = true;
                        break;
                    }
                }
            }

            var calls = ImmutableArray.CreateBuilder<MigrationCall>();
            if (body is not null)
            {
                foreach (var operation in body.Descendants())
                {
                    if (operation is IInvocationOperation invocation &&
                        SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, migrationBuilder) &&
                        invocation.Syntax is InvocationExpressionSyntax syntax)
                    {
                        var statement = StatementOf(syntax);
                        var isTopLevel = statement is not null && statement.Parent == declaration.Body;
                        calls.Add(new MigrationCall(invocation.TargetMethod.Name, invocation, syntax, statement, isTopLevel));
                    }
                }
            }

            calls.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
            return new Reading(calls.ToImmutable(), hasOther);
        }

        /// <summary>The expression statement whose expression is this call, possibly followed by <c>.Annotation(...)</c> calls.</summary>
        private static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax invocation)
        {
            SyntaxNode node = invocation;
            while (node.Parent is MemberAccessExpressionSyntax member && member.Expression == node && member.Parent is InvocationExpressionSyntax outer)
            {
                node = outer;
            }

            return node.Parent as ExpressionStatementSyntax;
        }

        /// <summary>
        /// The statement's invocation, or one it is chained on (<c>migrationBuilder.AddColumn(...).Annotation(...)</c>), is a
        /// MigrationBuilder call. Walks the member-access chain of the syntax down, and the receivers of the operations along
        /// with it (an unresolved call in the chain is an invalid operation whose children hold its receiver).
        /// </summary>
        private static bool IsMigrationBuilderChain(IOperation? operation, InvocationExpressionSyntax invocation, INamedTypeSymbol migrationBuilder)
        {
            ExpressionSyntax current = invocation;
            while (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member })
            {
                if (operation is IInvocationOperation call && call.Syntax == current &&
                    SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, migrationBuilder))
                {
                    return true;
                }

                operation = operation is null ? null : ChildOf(operation, member.Expression);
                current = member.Expression;
            }

            return false;
        }

        /// <summary>The child operation of <paramref name="syntax"/> (an instance, or the <c>this</c> argument of an extension), through implicit conversions.</summary>
        private static IOperation? ChildOf(IOperation operation, SyntaxNode syntax)
        {
            foreach (var child in operation.ChildOperations)
            {
                var current = child;
                while (current is IArgumentOperation or IConversionOperation { IsImplicit: true })
                {
                    current = current is IArgumentOperation argument ? argument.Value : ((IConversionOperation)current).Operand;
                }

                if (current.Syntax == syntax)
                {
                    return current;
                }
            }

            return null;
        }
    }
}

/// <summary>A class deriving from <c>Migration</c> (never the model snapshot), its Up and Down.</summary>
internal sealed class MigrationClass
{
    private MigrationClass(INamedTypeSymbol type, ClassDeclarationSyntax declaration, MigrationMethod? up, MigrationMethod? down, MethodDeclarationSyntax? downDeclaration)
    {
        Type = type;
        Declaration = declaration;
        Up = up;
        Down = down;
        DownDeclaration = downDeclaration;
    }

    public INamedTypeSymbol Type { get; }

    public ClassDeclarationSyntax Declaration { get; }

    public MigrationMethod? Up { get; }

    /// <summary>Down when it is declared in the same class declaration; null when missing or declared elsewhere.</summary>
    public MigrationMethod? Down { get; }

    public MethodDeclarationSyntax? DownDeclaration { get; }

    /// <summary>Down is overridden somewhere (possibly another partial declaration).</summary>
    public bool DeclaresDown { get; private set; }

    private static readonly Regex DdlStatement = new(@"(^|;)\s*(CREATE|ALTER|DROP|EXEC(UTE)?\s+sp_rename)\b", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>
    /// Calls <paramref name="analyze"/> once per class declaration of each migration that declares Up (a model snapshot, a
    /// Designer.cs part without Up and any other class are skipped), from the symbol-end action of the migration class, so
    /// a diagnostic may sit anywhere in the class. Up and Down come from the operation blocks the analyzer driver binds
    /// (no GetOperation of our own); what is read from a body is shared by the migration rules (<see cref="MigrationMethod"/>).
    /// </summary>
    public static void Register(CompilationStartAnalysisContext context, EfSymbols symbols, Action<SymbolAnalysisContext, MigrationClass> analyze)
    {
        if (symbols.Migration is not { } migrationType || symbols.MigrationBuilder is not { } migrationBuilder)
        {
            return;
        }

        var snapshotType = symbols.ModelSnapshot;
        context.RegisterSymbolStartAction(
            start =>
            {
                if (start.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } type ||
                    !type.InheritsFrom(migrationType) ||
                    (snapshotType is not null && type.InheritsFrom(snapshotType)))
                {
                    return;
                }

                // Up and Down (with a MigrationBuilder parameter) by declaration; their blocks may be analyzed concurrently
                var methods = new ConcurrentDictionary<MethodDeclarationSyntax, MigrationMethod>();
                start.RegisterOperationBlockAction(block =>
                {
                    if (block.OwningSymbol is IMethodSymbol { Name: "Up" or "Down", Parameters.Length: 1 } method &&
                        SymbolEqualityComparer.Default.Equals(method.ContainingType, type) &&
                        SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, migrationBuilder) &&
                        !block.OperationBlocks.IsEmpty &&
                        block.OperationBlocks[0].Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } declaration)
                    {
                        methods[declaration] = new MigrationMethod(declaration, MigrationMethod.BodyOf(block.OperationBlocks, declaration), migrationBuilder);
                    }
                });

                start.RegisterSymbolEndAction(end =>
                {
                    foreach (var reference in type.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(end.CancellationToken) is ClassDeclarationSyntax declaration &&
                            Read(type, declaration, methods) is { } migration)
                        {
                            analyze(end, migration);
                        }
                    }
                });
            },
            SymbolKind.NamedType);
    }

    /// <summary>
    /// The migration as one class declaration shows it; null without an Up (with a MigrationBuilder parameter) in it.
    /// Cheap syntactic checks come first: most declarations of a migration's parts have no method named Up.
    /// </summary>
    private static MigrationClass? Read(INamedTypeSymbol type, ClassDeclarationSyntax declaration, ConcurrentDictionary<MethodDeclarationSyntax, MigrationMethod> methods)
    {
        MethodDeclarationSyntax? upSyntax = null;
        MethodDeclarationSyntax? downSyntax = null;
        foreach (var member in declaration.Members)
        {
            if (member is MethodDeclarationSyntax { ParameterList.Parameters.Count: 1 } method && method.Modifiers.Any(SyntaxKind.OverrideKeyword))
            {
                if (method.Identifier.ValueText == "Up")
                {
                    upSyntax = method;
                }
                else if (method.Identifier.ValueText == "Down")
                {
                    downSyntax = method;
                }
            }
        }

        if (upSyntax is null || !methods.TryGetValue(upSyntax, out var up))
        {
            return null;
        }

        MigrationMethod? down = null;
        if (downSyntax is not null)
        {
            methods.TryGetValue(downSyntax, out down);
        }

        var result = new MigrationClass(type, declaration, up, down, downSyntax);
        result.DeclaresDown = downSyntax is not null || DeclaresDownElsewhere(type);
        return result;
    }

    private static bool DeclaresDownElsewhere(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers("Down"))
        {
            if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 1 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sql whose text is unknown (not a constant) or reads like DDL.</summary>
    public static bool IsSchemaSql(MigrationCall call) =>
        call.Method == "Sql" && (call.String("sql") is not { } text || DdlStatement.IsMatch(text));

    /// <summary>
    /// A <c>Sql(...)</c> call that may touch <paramref name="name"/>: its text is not a constant, or mentions the name as a
    /// whole identifier (and, when <paramref name="updateOnly"/>, is an UPDATE).
    /// </summary>
    public static bool SqlMentions(MigrationCall call, string name, bool updateOnly)
    {
        if (call.Method != "Sql")
        {
            return false;
        }

        if (call.String("sql") is not { } text)
        {
            return true;
        }

        if (updateOnly && text.IndexOf("UPDATE", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        var index = 0;
        while ((index = text.IndexOf(name, index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = index == 0 ? ' ' : text[index - 1];
            var after = index + name.Length >= text.Length ? ' ' : text[index + name.Length];
            if (!IsIdentifierChar(before) && !IsIdentifierChar(after))
            {
                return true;
            }

            index += name.Length;
        }

        return false;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}

/// <summary>
/// The analyzer → fixer hand-off for generated statements: one statement per line, fields separated by tabs, the first
/// field the method (with type arguments), then <c>param: literal</c> arguments. Literals never contain tabs or newlines.
/// </summary>
internal static class MigrationCode
{
    public static string Statement(string method, params (string Parameter, string? Literal)[] arguments)
    {
        var builder = new StringBuilder(method);
        foreach (var (parameter, literal) in arguments)
        {
            if (literal is not null)
            {
                builder.Append('\t').Append(parameter).Append(": ").Append(literal);
            }
        }

        return builder.ToString();
    }

    public static string? Literal(string? value) => value is null ? null : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>
    /// Renders statements the way EF Core's scaffolder writes them: each argument on its own line, indented one level
    /// below the statement, a blank line between statements.
    /// </summary>
    public static string Render(string encoded, string builderName, string indentation, string argumentIndentation, string eol)
    {
        var text = new StringBuilder();
        var statements = encoded.Split('\n');
        for (var s = 0; s < statements.Length; s++)
        {
            var fields = statements[s].Split('\t');
            if (s > 0)
            {
                text.Append(eol).Append(eol).Append(indentation);
            }

            text.Append(builderName).Append('.').Append(fields[0]).Append('(');
            for (var i = 1; i < fields.Length; i++)
            {
                text.Append(eol).Append(argumentIndentation).Append(fields[i]).Append(i + 1 < fields.Length ? "," : string.Empty);
            }

            text.Append(");");
        }

        return text.ToString();
    }
}
