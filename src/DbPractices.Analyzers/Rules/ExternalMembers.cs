using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules;

/// <summary>
/// Where a model rule reports about one member of an entity: on the member's own declaration (a property
/// of this compilation, from its symbol action), or at the entity's nearest configuration site when the
/// member is declared in another assembly (see <see cref="ConfigurationSite"/>).
/// </summary>
internal readonly struct MemberScope
{
    private readonly Action<Diagnostic> _report;

    public MemberScope(Location location, AnalyzerOptions options, Action<Diagnostic> report, ConfigurationSite? site, CancellationToken cancellationToken)
    {
        Location = location;
        Options = options;
        _report = report;
        Site = site;
        CancellationToken = cancellationToken;
    }

    /// <summary>Where the diagnostic goes.</summary>
    public Location Location { get; }

    /// <summary>The tree whose options apply.</summary>
    public SyntaxTree Tree => Location.SourceTree!;

    public AnalyzerOptions Options { get; }

    /// <summary>The configuration site reported at, null when reporting on the member itself.</summary>
    public ConfigurationSite? Site { get; }

    public CancellationToken CancellationToken { get; }

    public static MemberScope OnMember(SymbolAnalysisContext context, ISymbol member) =>
        new(member.Locations[0], context.Options, context.ReportDiagnostic, null, context.CancellationToken);

    /// <summary>
    /// Judges a property of this compilation in each context that maps its entity (indexes, filters and relationships are
    /// each context's), on its own declaration; once an entity type is reported, its other contexts are skipped.
    /// <paramref name="analyze"/> returns true when it reported.
    /// </summary>
    public static void InEachContext(SymbolAnalysisContext context, EfModel model, IPropertySymbol property, Func<MemberScope, EfModel, EntityModel, IPropertySymbol, bool> analyze)
    {
        HashSet<ITypeSymbol>? reported = null;
        foreach (var entity in model.GetContextEntitiesOf(property))
        {
            if ((reported is null || !reported.Contains(entity.Type)) && analyze(OnMember(context, property), entity.Model, entity, property))
            {
                (reported ??= new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)).Add(entity.Type);
            }
        }
    }

    /// <summary>The diagnostic properties, with the site kind and the member's name added when reporting at a configuration site.</summary>
    public ImmutableDictionary<string, string?> WithSite(ImmutableDictionary<string, string?> properties, ISymbol? member = null) =>
        Site is null
            ? properties
            : member is null
                ? properties.SetItem(ConfigurationSite.KindKey, Site.Kind.ToString())
                : properties.SetItem(ConfigurationSite.KindKey, Site.Kind.ToString()).SetItem(ConfigurationSite.MemberKey, member.Name);

    public void Report(Diagnostic diagnostic) => _report(diagnostic);
}

/// <summary>
/// The actions of the three configuration-site kinds (configuration class, <c>Entity&lt;T&gt;()</c> call, DbSet
/// property): each calls back for every entity configured there that has members declared in another
/// assembly, so the rule reports about those members from the action of the symbol or operation its
/// diagnostic sits on (live in the IDE, fixable locally).
/// </summary>
internal static class ExternalMembers
{
    public static void Register(CompilationStartAnalysisContext context, EfSymbols symbols, Action<MemberScope, EfModel, EntityModel> analyze)
    {
        context.RegisterSymbolAction(c => AnalyzeSymbol(c, symbols, analyze), SymbolKind.NamedType, SymbolKind.Property);
        if (symbols.ModelBuilder is { } modelBuilder)
        {
            // a syntax action filtered by name, not an operation action: an operation action on invocations makes the driver
            // bind every method body of the compilation for the rule (DBP001 alone, as Fix All computes it, paid a whole compile)
            context.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, modelBuilder, analyze), SyntaxKind.InvocationExpression);
        }
    }

    /// <summary>Calls <paramref name="analyze"/> for each member of the entity declared in another assembly.</summary>
    public static void Register(CompilationStartAnalysisContext context, EfSymbols symbols, Action<MemberScope, EfModel, EntityModel, IPropertySymbol> analyze) =>
        Register(context, symbols, (scope, model, entity) =>
        {
            foreach (var member in model.GetExternalMembers(entity))
            {
                analyze(scope, model, entity, member);
            }
        });

    private static void AnalyzeSymbol(SymbolAnalysisContext context, EfSymbols symbols, Action<MemberScope, EfModel, EntityModel> analyze)
    {
        var symbol = context.Symbol;
        var candidate = symbol switch
        {
            INamedTypeSymbol type => type.TypeKind == TypeKind.Class && symbols.IEntityTypeConfiguration is { } configuration && Implements(type, configuration),
            IPropertySymbol property => !property.IsStatic && symbols.GetDbSetElementType(property.Type) is not null,
            _ => false,
        };
        if (!candidate || symbol.Locations.Length == 0 || !symbol.Locations[0].IsInSource)
        {
            return;
        }

        Analyze(symbol.Locations[0], context.Compilation, context.Options, context.ReportDiagnostic, analyze, context.CancellationToken);
    }

    /// <summary><c>modelBuilder.Entity&lt;T&gt;()</c>: only calls written with a generic name <c>Entity</c> are bound.</summary>
    private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, INamedTypeSymbol modelBuilder, Action<MemberScope, EfModel, EntityModel> analyze)
    {
        var invocation = (InvocationExpressionSyntax)context.Node;
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };

        if (name is not GenericNameSyntax { Identifier.ValueText: "Entity" } ||
            context.SemanticModel.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol { Name: "Entity", IsGenericMethod: true } method ||
            !SymbolEqualityComparer.Default.Equals(method.ContainingType, modelBuilder))
        {
            return;
        }

        Analyze(invocation.GetLocation(), context.Compilation, context.Options, context.ReportDiagnostic, analyze, context.CancellationToken);
    }

    private static void Analyze(Location location, Compilation compilation, AnalyzerOptions options, Action<Diagnostic> report, Action<MemberScope, EfModel, EntityModel> analyze, CancellationToken cancellationToken)
    {
        var model = EfModel.For(compilation, cancellationToken);
        if (model is null || !model.HasExternalSites)
        {
            return;
        }

        foreach (var entity in model.GetEntitiesConfiguredAt(location))
        {
            analyze(new MemberScope(location, options, report, entity.ExternalSite, cancellationToken), model, entity);
        }
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol generic)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, generic))
            {
                return true;
            }
        }

        return false;
    }
}
