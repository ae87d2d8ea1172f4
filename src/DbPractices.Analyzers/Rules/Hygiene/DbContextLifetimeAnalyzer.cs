using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Rules.Loops;

namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>
/// DBP021: a DbContext whose lifetime is wrong: created in every iteration of a loop, created inside an entity
/// type, held in a static field or property, or registered as a singleton in dependency injection.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DbContextLifetimeAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: which fix applies (see the Fix* constants); absent when none does.</summary>
    public const string FixKey = "Fix";

    /// <summary><c>AddSingleton&lt;TContext&gt;()</c> → <c>AddDbContext&lt;TContext&gt;()</c>.</summary>
    public const string FixAddDbContext = "AddDbContext";

    /// <summary><c>ServiceLifetime.Singleton</c> → <c>ServiceLifetime.Scoped</c> (additional location: the argument).</summary>
    public const string FixScoped = "Scoped";

    /// <summary>Move the declaration creating the context before the loop (additional location: the loop).</summary>
    public const string FixHoist = "Hoist";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.DbContextLifetime,
        "DbContext created inside a loop, inside an entity type, held in a static field, or registered as a singleton",
        "'{0}' {1}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "A DbContext is a short-lived unit of work: one per request or operation, never shared across threads, never created per row.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        var compilation = context.Compilation;
        var serviceCollectionExtensions = symbols.GetType("Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions");
        var descriptorExtensions = symbols.GetType("Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions");
        var efExtensions = symbols.GetType("Microsoft.Extensions.DependencyInjection.EntityFrameworkServiceCollectionExtensions");
        var loopSymbols = new LoopSymbols(symbols);

        context.RegisterOperationAction(c => AnalyzeCreation(c, symbols, loopSymbols, (IObjectCreationOperation)c.Operation), OperationKind.ObjectCreation);
        context.RegisterOperationAction(
            c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                var method = invocation.TargetMethod;
                var containing = method.ContainingType?.OriginalDefinition;
                if (containing is null)
                {
                    return;
                }

                // contexts from IDbContextFactory<T>/PooledDbContextFactory<T>.CreateDbContext* are pooled or owned by
                // design: one per unit of work, in a loop too (RULES.md DBP021). Not reported.
                if (method.Name is "AddSingleton" or "TryAddSingleton" &&
                         (SymbolEqualityComparer.Default.Equals(containing, serviceCollectionExtensions) || SymbolEqualityComparer.Default.Equals(containing, descriptorExtensions)))
                {
                    AnalyzeSingleton(c, symbols, invocation);
                }
                else if (efExtensions is not null && SymbolEqualityComparer.Default.Equals(containing, efExtensions) &&
                         invocation.GetArgument("contextLifetime") is { } lifetime &&
                         lifetime.Value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: 0 } } singleton &&
                         lifetime.Value.Type?.Name == "ServiceLifetime" && !lifetime.IsImplicit)
                {
                    var type = method.IsGenericMethod ? method.TypeArguments[0] : null;
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(FixKey, FixScoped);
                    c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), new[] { singleton.Syntax.GetLocation() }, properties,
                        type?.Name ?? "DbContext", "is registered with ServiceLifetime.Singleton: a DbContext is not thread-safe and its change tracker grows for the life of the process; keep the default scoped lifetime"));
                }
            },
            OperationKind.Invocation);
        context.RegisterSymbolAction(c => AnalyzeStaticMember(c, symbols), SymbolKind.Field, SymbolKind.Property);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, EfSymbols symbols, LoopSymbols loopSymbols, IObjectCreationOperation creation)
    {
        var type = creation.Type;
        if (!symbols.IsDbContext(type))
        {
            return;
        }

        // the loop rules' own loop detection: loops, per-item lambdas (ForEach, Select), minus loops that leave
        // after the first iteration, batch loops (Chunk, arrays/lists per iteration) and polling loops
        if (LoopAnalysis.FindRepeatingLoop(creation, loopSymbols) is { } repeating)
        {
            if (LoopAnalysis.IsBatchLoop(repeating, loopSymbols) || LoopAnalysis.IsPollingLoop(repeating, loopSymbols) ||
                TakesIterationValue(creation, repeating))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var additional = ImmutableArray<Location>.Empty;
            if (repeating.Loop is { } loop && CanHoist(creation, loop))
            {
                properties = properties.Add(FixKey, FixHoist);
                additional = ImmutableArray.Create(loop.Syntax.GetLocation());
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), additional, properties, type!.Name,
                "is created in every iteration of a loop: each one opens a connection and starts with an empty change tracker; create it once before the loop (or once per batch)"));
            return;
        }

        if (context.ContainingSymbol.ContainingType is { } containing &&
            EfModel.For(context.Compilation, context.CancellationToken)?.GetEntity(containing) is { } entity)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), type!.Name,
                $"is created inside entity type '{entity.Name}': entities should not open their own DbContext; load and save them from a service that owns one"));
        }
    }

    /// <summary>
    /// One context per iteration on purpose: its constructor arguments (or an options builder they come from) read
    /// the iteration's value (the foreach variable, the for index, a lambda's item) or a local derived from it
    /// (<c>new Ctx(new DbContextOptionsBuilder&lt;Ctx&gt;().UseSqlServer(tenant.ConnectionString).Options)</c>): a different
    /// database or model each time.
    /// </summary>
    private static bool TakesIterationValue(IObjectCreationOperation creation, EnclosingLoop loop)
    {
        var tainted = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        IOperation scope;
        if (loop.Loop is { } statement)
        {
            foreach (var local in statement.Locals)
            {
                tainted.Add(local);
            }

            if (statement is IForEachLoopOperation forEach)
            {
                foreach (var local in forEach.LoopControlVariable.DescendantsAndSelf())
                {
                    if (local is IVariableDeclaratorOperation declarator)
                    {
                        tainted.Add(declarator.Symbol);
                    }
                }
            }

            if (statement is IWhileLoopOperation { Condition: { } condition })
            {
                // while (queue.TryDequeue(out var item))
                foreach (var node in condition.DescendantsAndSelf())
                {
                    if (node is IDeclarationExpressionOperation declaration && declaration.Expression is ILocalReferenceOperation declared)
                    {
                        tainted.Add(declared.Local);
                    }
                }
            }

            scope = statement.Body;
        }
        else
        {
            foreach (var parameter in loop.Lambda!.Symbol.Parameters)
            {
                tainted.Add(parameter);
            }

            scope = loop.Lambda.Body;
        }

        if (tainted.Count == 0)
        {
            return false;
        }

        // locals written from a tainted value, and builders configured with one (two passes: order of statements)
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var node in scope.Descendants())
            {
                ISymbol? target = null;
                IOperation? value = null;
                switch (node)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: { } initializer } declarator:
                        target = declarator.Symbol;
                        value = initializer;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                        target = local.Local;
                        value = assignment.Value;
                        break;
                    case IInvocationOperation invocation when invocation.GetReceiver()?.WalkDownConversions() is ILocalReferenceOperation receiver:
                        // builder.UseSqlServer(tenant.ConnectionString)
                        target = receiver.Local;
                        value = invocation;
                        break;
                }

                if (target is not null && value is not null && !tainted.Contains(target) && Reads(value, tainted))
                {
                    tainted.Add(target);
                }
            }
        }

        foreach (var argument in creation.Arguments)
        {
            if (Reads(argument.Value, tainted))
            {
                return true;
            }
        }

        return creation.Initializer is { } objectInitializer && Reads(objectInitializer, tainted);
    }

    private static bool Reads(IOperation value, HashSet<ISymbol> symbols)
    {
        foreach (var node in value.DescendantsAndSelf())
        {
            var symbol = node switch
            {
                ILocalReferenceOperation local => (ISymbol)local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };

            if (symbol is not null && symbols.Contains(symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>var db = new Ctx(..);</c> or <c>using var db = new Ctx(..);</c> as a statement of the loop body, whose
    /// arguments read nothing declared inside the loop: the same context can serve every iteration.
    /// </summary>
    private static bool CanHoist(IOperation creation, ILoopOperation loop)
    {
        if (creation.Syntax.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } } } ||
            loop.Body.Syntax is not BlockSyntax body || statement.Parent != body || loop.Syntax.Parent is not BlockSyntax)
        {
            return false;
        }

        var loopSpan = loop.Syntax.Span;
        foreach (var descendant in creation.DescendantsAndSelf())
        {
            var declared = descendant switch
            {
                ILocalReferenceOperation local => local.Local.Locations,
                IParameterReferenceOperation parameter => parameter.Parameter.Locations,
                _ => ImmutableArray<Location>.Empty,
            };

            foreach (var location in declared)
            {
                if (location.SourceTree == creation.Syntax.SyntaxTree && loopSpan.Contains(location.SourceSpan))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void AnalyzeSingleton(OperationAnalysisContext context, EfSymbols symbols, IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        ITypeSymbol? registered = null;
        foreach (var typeArgument in method.TypeArguments)
        {
            if (symbols.IsDbContext(typeArgument))
            {
                registered = typeArgument;
            }
        }

        if (registered is null)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    continue;
                }

                var value = argument.Value.WalkDownConversions();
                var candidate = value switch
                {
                    ITypeOfOperation typeOf => typeOf.TypeOperand,
                    IAnonymousFunctionOperation or IDelegateCreationOperation => (value.GetLambda()?.GetLambdaResult())?.Type,
                    _ => value?.Type,
                };
                if (symbols.IsDbContext(candidate))
                {
                    registered = candidate;
                }
            }
        }

        if (registered is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (method.Name == "AddSingleton" && method.IsGenericMethod && method.TypeArguments.Length == 1 && invocation.Arguments.Length == 1)
        {
            properties = properties.Add(FixKey, FixAddDbContext);
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, registered.Name,
            "is registered as a singleton: one instance would serve every request on many threads, and a DbContext is not thread-safe; register it with AddDbContext (scoped)"));
    }

    private static void AnalyzeStaticMember(SymbolAnalysisContext context, EfSymbols symbols)
    {
        var symbol = context.Symbol;
        if (!symbol.IsStatic || symbol.IsImplicitlyDeclared || symbol.Locations.Length == 0 || !symbol.Locations[0].IsInSource)
        {
            return;
        }

        ITypeSymbol? type = symbol switch
        {
            IFieldSymbol { IsConst: false } field => field.Type,
            IPropertySymbol property when IsAutoProperty(property, context.CancellationToken) => property.Type,
            _ => null,
        };

        if (!symbols.IsDbContext(type))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, symbol.Locations[0], type!.Name,
            $"is held in static {(symbol is IFieldSymbol ? "field" : "property")} '{symbol.Name}': one instance is shared by every thread and its change tracker grows for the life of the process"));
    }

    private static bool IsAutoProperty(IPropertySymbol property, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is PropertyDeclarationSyntax { ExpressionBody: null, AccessorList: { } accessors })
            {
                foreach (var accessor in accessors.Accessors)
                {
                    if (accessor.Body is not null || accessor.ExpressionBody is not null)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }
}
