namespace DbPractices.Analyzers.Rules.Hygiene;

/// <summary>Readers of the model shared by the hygiene rules (property → entities, facets, store providers).</summary>
internal static class HygieneModel
{
    /// <summary>
    /// The entities a source property maps a column on, in every DbContext that maps them (each context's
    /// <see cref="EntityModel"/>, see <see cref="EntityModel.Model"/>): its own entity, or every entity deriving from
    /// the unmapped base class that declares it. Empty for static/indexer/metadata properties.
    /// </summary>
    public static IEnumerable<EntityModel> EntitiesMapping(EfModel model, IPropertySymbol property)
    {
        foreach (var entity in model.GetContextEntitiesOf(property))
        {
            if (entity.IsMappedScalar(property))
            {
                yield return entity;
            }
        }
    }

    /// <summary>
    /// Registers a column-facet rule (DBP019, DBP020): <paramref name="analyze"/> gets each source property of the column
    /// type (nullable unwrapped) with the entities mapping it in every context, and each member of that type declared in
    /// another assembly with its entity, reported at its configuration site (<see cref="ExternalMembers"/>).
    /// </summary>
    public static void RegisterColumnRule(CompilationStartAnalysisContext context, EfSymbols symbols, SpecialType columnType, Action<MemberScope, EfModel, IEnumerable<EntityModel>, IPropertySymbol> analyze)
    {
        context.RegisterSymbolAction(
            c =>
            {
                var property = (IPropertySymbol)c.Symbol;
                if (property.Type.UnwrapNullable().SpecialType == columnType && EfModel.For(c.Compilation, c.CancellationToken) is { } model)
                {
                    analyze(MemberScope.OnMember(c, property), model, EntitiesMapping(model, property), property);
                }
            },
            SymbolKind.Property);
        ExternalMembers.Register(context, symbols, (scope, model, entity, property) => analyze(scope, model, new[] { entity }, property));
    }

    /// <summary><c>[Column(TypeName = "..")]</c> on the property: the store type is given.</summary>
    public static bool HasColumnTypeAttribute(IPropertySymbol property, EfSymbols symbols)
    {
        if (property.GetAttribute(symbols.ColumnAttribute) is not { } column)
        {
            return false;
        }

        foreach (var named in column.NamedArguments)
        {
            if (named.Key == "TypeName" && named.Value.Value is string { Length: > 0 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A fluent facet set on the property (on the entity, or on an entity of its hierarchy).</summary>
    public static bool HasFacet(EntityModel entity, string property, PropertyFacet facet)
    {
        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (e.HasFacet(property, facet))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The first use of the property's declaring complex type (EF Core 8+) that maps it to a column (not inside a JSON
    /// column) without any of the given facets set in that use's builder; null when none. Members without a setter are
    /// left out (as for entities).
    /// </summary>
    public static ComplexPropertyModel? ComplexUseLacking(EfModel model, IPropertySymbol property, PropertyFacet a, PropertyFacet b, PropertyFacet c)
    {
        if (property.IsStatic || property.SetMethod is null || property.ContainingType is not { } containing)
        {
            return null;
        }

        foreach (var usage in model.GetComplexUsages(containing))
        {
            if (!usage.IsInJson && !usage.HasFacet(property.Name, a) && !usage.HasFacet(property.Name, b) && !usage.HasFacet(property.Name, c))
            {
                return usage;
            }
        }

        return null;
    }

    /// <summary>
    /// Once per entity type: a property diagnostic holds when it holds in one context that maps the entity (the first
    /// such context is named). <paramref name="reported"/> starts null.
    /// </summary>
    public static bool FirstFor(EntityModel entity, ref HashSet<ITypeSymbol>? reported)
    {
        if (!entity.Model.Root.HasSeveralContexts)
        {
            return true;
        }

        reported ??= new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        return reported.Add(entity.Type);
    }

    /// <summary>A bulk convention (<c>Properties&lt;T&gt;().HaveX(..)</c>) for the property's type.</summary>
    public static bool HasBulkConvention(EfModel model, ITypeSymbol type, PropertyFacet facet) => model.HasBulkConvention(type, facet);

    /// <summary>The property is (part of) a foreign key of a relationship whose dependent is this entity (or its base).</summary>
    public static bool IsForeignKey(EfModel model, EntityModel entity, string property)
    {
        foreach (var relationship in model.GetRelationshipsAsDependent(entity))
        {
            if (!relationship.IsManyToMany && !relationship.ForeignKey.IsDefaultOrEmpty && relationship.ForeignKey.Contains(property))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the target database gives unsized <c>decimal</c>/<c>string</c> columns a fixed default that matters:
    /// SQL Server, MySQL, Oracle, or no known provider. SQLite, PostgreSQL, Cosmos and InMemory store them unbounded.
    /// <c>dbpractices.sql_dialect</c> overrides what the referenced providers say.
    /// </summary>
    public static bool ColumnSizesMatter(EfModel model, AnalyzerOptions options, SyntaxTree tree)
    {
        var providers = TargetDatabase.Resolve(model, options, tree);
        const DatabaseProvider sized = DatabaseProvider.SqlServer | DatabaseProvider.MySql | DatabaseProvider.Oracle;
        return (providers & sized) != 0 || providers == DatabaseProvider.None;
    }
}
