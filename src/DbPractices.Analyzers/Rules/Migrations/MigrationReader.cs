using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using DbPractices.Analyzers.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

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
    public MigrationMethod(MethodDeclarationSyntax declaration, ImmutableArray<MigrationCall> calls, bool hasOtherStatements)
    {
        Declaration = declaration;
        Calls = calls;
        HasOtherStatements = hasOtherStatements;
    }

    public MethodDeclarationSyntax Declaration { get; }

    /// <summary>Every MigrationBuilder call in source order.</summary>
    public ImmutableArray<MigrationCall> Calls { get; }

    /// <summary>A statement that is not a MigrationBuilder call (a variable, an <c>if</c>, a loop, a throw, ...).</summary>
    public bool HasOtherStatements { get; }

    public bool IsEmpty => Declaration.Body is { Statements.Count: 0 } && Declaration.ExpressionBody is null;

    public string BuilderName => Declaration.ParameterList.Parameters.Count == 1 ? Declaration.ParameterList.Parameters[0].Identifier.ValueText : "migrationBuilder";
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
    /// Reads a class declaration that may be a migration; null when it is not one (a model snapshot, a Designer.cs part
    /// without Up, any other class). Cheap syntactic checks come first: most classes have no method named Up.
    /// </summary>
    public static MigrationClass? Read(ClassDeclarationSyntax declaration, SemanticModel semanticModel, EfSymbols symbols, CancellationToken cancellationToken)
    {
        if (symbols.Migration is null || symbols.MigrationBuilder is null)
        {
            return null;
        }

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

        if (upSyntax is null)
        {
            return null;
        }

        if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { IsAbstract: false } type ||
            !type.InheritsFrom(symbols.Migration) ||
            (symbols.ModelSnapshot is not null && type.InheritsFrom(symbols.ModelSnapshot)))
        {
            return null;
        }

        var up = ReadMethod(upSyntax, semanticModel, symbols.MigrationBuilder, cancellationToken);
        if (up is null)
        {
            return null;
        }

        var down = downSyntax is null ? null : ReadMethod(downSyntax, semanticModel, symbols.MigrationBuilder, cancellationToken);
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

    private static MigrationMethod? ReadMethod(MethodDeclarationSyntax declaration, SemanticModel semanticModel, INamedTypeSymbol migrationBuilder, CancellationToken cancellationToken)
    {
        if (semanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } method ||
            method.Parameters.Length != 1 ||
            !SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, migrationBuilder))
        {
            return null;
        }

        var calls = ImmutableArray.CreateBuilder<MigrationCall>();
        var hasOther = declaration.ExpressionBody is not null;
        if (declaration.Body is { } body)
        {
            foreach (var statement in body.Statements)
            {
                if (!IsMigrationBuilderStatement(statement, semanticModel, migrationBuilder, cancellationToken))
                {
                    hasOther = true;
                }
            }
        }

        var root = semanticModel.GetOperation((SyntaxNode?)declaration.Body ?? declaration, cancellationToken);
        if (root is not null)
        {
            foreach (var operation in root.Descendants())
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
        return new MigrationMethod(declaration, calls.ToImmutable(), hasOther);
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

    private static bool IsMigrationBuilderStatement(StatementSyntax statement, SemanticModel semanticModel, INamedTypeSymbol migrationBuilder, CancellationToken cancellationToken)
    {
        if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation })
        {
            return false;
        }

        // walk down the .Annotation(...) chain to the MigrationBuilder call
        ExpressionSyntax current = invocation;
        while (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member })
        {
            if (semanticModel.GetSymbolInfo(current, cancellationToken).Symbol is IMethodSymbol symbol &&
                SymbolEqualityComparer.Default.Equals(symbol.ContainingType?.OriginalDefinition, migrationBuilder))
            {
                return true;
            }

            current = member.Expression;
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
