using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Tenancy;

/// <summary>
/// DBP006: a query root of a tenant-owned entity that runs in the method (materialized, bulk-updated,
/// Find-ed, enumerated) without a predicate on the tenant key, when no query filter reads that key.
/// Reported on the root, once per root, from the operation block of the method (live in the IDE).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TenantQueryWithoutFilterAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the entity's tenant key.</summary>
    public const string TenantPropertyKey = "TenantProperty";

    /// <summary>Diagnostic property (present when a <c>.Where</c> can be inserted after the root and the result still compiles).</summary>
    public const string WhereFixKey = "WhereFix";

    /// <summary>Diagnostic property: the DbContext member holding the current tenant, when a global filter fix is possible.</summary>
    public const string ContextMemberKey = "ContextMember";

    /// <summary>Diagnostic property: the entity type, fully qualified, for <c>Entity&lt;T&gt;()</c>.</summary>
    public const string EntityTypeKey = "EntityType";

    /// <summary>Diagnostic property: "Create" when the DbContext has no OnModelCreating of its own (the additional location is the class).</summary>
    public const string OnModelCreatingKey = "OnModelCreating";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.TenantQueryWithoutFilter,
        "Tenant-owned entity queried without a tenant filter",
        "'{0}' is tenant-owned, but this query runs without a predicate on '{1}' and no query filter reads it",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "A query on tenant-owned data that neither filters by the tenant key nor is covered by a query filter returns every tenant's rows: a data leak between customers.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols) =>
        context.RegisterOperationBlockAction(block => Analyze(block, symbols));

    private static void Analyze(OperationBlockAnalysisContext context, EfSymbols symbols)
    {
        if (!TenantQueryFlow.ContainsQueryRoot(context.OperationBlocks, symbols) ||
            EfModel.For(context.Compilation, context.CancellationToken) is not { } model)
        {
            return;
        }

        var tree = context.OperationBlocks[0].Syntax.SyntaxTree;
        var convention = TenantConvention.From(context.Options, tree);
        var reported = new HashSet<SyntaxNode>();
        foreach (var path in TenantQueryFlow.Analyze(context.OperationBlocks, model, convention, context.CancellationToken))
        {
            if (path.Filtered || path.Tenant.HasTenantFilter || !reported.Add(path.Root.Syntax))
            {
                continue;
            }

            context.ReportDiagnostic(CreateDiagnostic(path, symbols));
        }
    }

    private static Diagnostic CreateDiagnostic(TenantRootPath path, EfSymbols symbols)
    {
        var tenant = path.Tenant;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[TenantPropertyKey] = tenant.Property.Name;
        if (CanInsertWhereAfter(path.Root, symbols))
        {
            properties[WhereFixKey] = "true";
        }

        var additional = new List<Location>();
        if (!tenant.HasAnyFilter && tenant.Entity.BaseEntity is null &&
            GetContextType(path.Root) is { } context &&
            FindTenantMember(context, tenant.Property, symbols.Compilation) is { } member &&
            FindModelCreatingTarget(context, symbols, out var create) is { } target)
        {
            properties[ContextMemberKey] = member.Name;
            properties[EntityTypeKey] = tenant.Entity.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (create)
            {
                properties[OnModelCreatingKey] = "Create";
            }

            additional.Add(target);
        }

        return Diagnostic.Create(Rule, path.Root.Syntax.GetLocation(), additional, properties.ToImmutable(), tenant.Entity.DisplayName, tenant.Property.Name);
    }

    /// <summary>
    /// <c>root.Where(...)</c> is an <c>IQueryable</c>, not a <c>DbSet</c>: only where the root is consumed as a
    /// query (a LINQ operator, a join's inner sequence, a synchronous foreach) does the fix still compile.
    /// </summary>
    internal static bool CanInsertWhereAfter(IOperation root, EfSymbols symbols)
    {
        var parent = root.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }:
                return symbols.GetDbSetElementType(parameter.Type) is null && QueryOperators.IsQueryMethod(invocation.TargetMethod, symbols);
            case IInvocationOperation { Instance: { } } invocation:
                return invocation.TargetMethod.Name is "AsQueryable";
            case IForEachLoopOperation loop:
                return !loop.IsAsynchronous;
            default:
                return false;
        }
    }

    private static INamedTypeSymbol? GetContextType(IOperation root)
    {
        var type = root switch
        {
            IPropertyReferenceOperation property => property.Instance?.Type ?? property.Property.ContainingType,
            IInvocationOperation invocation => invocation.Instance?.Type ?? invocation.TargetMethod.ContainingType,
            _ => null,
        };

        return type is INamedTypeSymbol { DeclaringSyntaxReferences.Length: > 0 } named ? named : null;
    }

    /// <summary>A field or property of the context (or an accessible one of its bases) that holds the current tenant.</summary>
    private static ISymbol? FindTenantMember(INamedTypeSymbol context, IPropertySymbol tenantProperty, Compilation compilation)
    {
        for (var type = context; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol { IsImplicitlyDeclared: false } field => field.Type,
                    IPropertySymbol { IsIndexer: false, GetMethod: not null } property => property.Type,
                    _ => null,
                };

                if (memberType is null || (!SymbolEqualityComparer.Default.Equals(type, context) && member.DeclaredAccessibility == Accessibility.Private))
                {
                    continue;
                }

                if (TenantConvention.IsTenantValueName(member.Name, tenantProperty.Name) &&
                    TenantConvention.IsCompatibleTenantValue(compilation, memberType, tenantProperty.Type))
                {
                    return member;
                }
            }
        }

        return null;
    }

    /// <summary>The context's own OnModelCreating (to append to), or the class declaration (to add one to).</summary>
    private static Location? FindModelCreatingTarget(INamedTypeSymbol context, EfSymbols symbols, out bool create)
    {
        create = false;
        foreach (var member in context.GetMembers("OnModelCreating"))
        {
            if (member is IMethodSymbol { IsOverride: true, Parameters.Length: 1 } method &&
                SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, symbols.ModelBuilder))
            {
                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is MethodDeclarationSyntax declaration && (declaration.Body is not null || declaration.ExpressionBody is not null))
                    {
                        return declaration.Identifier.GetLocation();
                    }
                }

                return null;
            }
        }

        foreach (var reference in context.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is ClassDeclarationSyntax declaration)
            {
                create = true;
                return declaration.Identifier.GetLocation();
            }
        }

        return null;
    }
}
