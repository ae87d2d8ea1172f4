namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>
/// DBP002: a column or table named with a reserved SQL keyword of the target dialect, a name EF Core itself
/// uses for the model (Discriminator, PeriodStart/PeriodEnd, DbContext members), or a team-reserved name.
/// Reported on the property (or entity class) from its own symbol action.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReservedNameAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: what is reported: <see cref="ColumnKind"/>, <see cref="TableKind"/> or <see cref="DbSetKind"/>.</summary>
    public const string KindKey = "Kind";

    /// <summary>Diagnostic property: the new name both fixes use.</summary>
    public const string NewNameKey = "NewName";

    /// <summary>Diagnostic property: present when the name is a SQL keyword (the [Column]/[Table] fix applies).</summary>
    public const string KeywordKey = "Keyword";

    public const string ColumnKind = "Column";
    public const string TableKind = "Table";
    public const string DbSetKind = "DbSet";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.ReservedName,
        "Reserved or conflicting name",
        "'{0}' {1}",
        RuleCategories.Design,
        DiagnosticSeverity.Warning,
        "Names that are reserved SQL keywords must be quoted in every raw query, report and database tool; names EF Core uses itself collide with its own model.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        context.RegisterSymbolAction(c => AnalyzeProperty(c, symbols), SymbolKind.Property);
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
        ExternalMembers.Register(context, symbols, AnalyzeExternal);
    }

    private static void AnalyzeProperty(SymbolAnalysisContext context, EfSymbols symbols)
    {
        var property = (IPropertySymbol)context.Symbol;
        if (property.Locations.Length == 0 || !property.Locations[0].IsInSource)
        {
            return;
        }

        if (symbols.IsDbContext(property.ContainingType))
        {
            AnalyzeDbSet(context, symbols, property);
            return;
        }

        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model is null)
        {
            return;
        }

        // a member of a complex type maps to a column named {Property}_{Member} (nested: {A}_{B}_{Member}) in each entity using it
        if (!property.IsStatic && property.ContainingType is { } containing && model.GetComplexUsages(containing) is { Count: > 0 } usages)
        {
            AnalyzeComplexMember(context, model, property, usages);
            return;
        }

        foreach (var entity in model.GetEntitiesOf(property))
        {
            if (AnalyzeColumn(MemberScope.OnMember(context, property), model, entity, property))
            {
                // a property of an unmapped base class is reported once, not once per entity
                return;
            }
        }
    }

    /// <summary>Reports the column if its name is reserved; true when the property is a mapped column of the entity (checked).</summary>
    private static bool AnalyzeColumn(MemberScope context, EfModel model, EntityModel entity, IPropertySymbol property)
    {
        if (entity.IsOwned || entity.IgnoredMembers.Contains(property.Name) ||
            entity.FindProperty(property.Name) is not { } mapped || !EntityMembers.IsSame(mapped, property))
        {
            return false;
        }

        var declaringName = property.ContainingType.Name;
        var newName = declaringName + property.Name;
        if (EfOwnedName(model, entity, property.Name) is { } efReason)
        {
            Report(context, ColumnKind, newName, keyword: false, entity.Name + "." + property.Name, efReason, property);
            return true;
        }

        if (entity.ColumnNames.ContainsKey(property.Name))
        {
            return false;
        }

        if (Classify(context.Options, context.Tree, model, property.Name) is { } reason)
        {
            Report(context, ColumnKind, newName, reason.Keyword, entity.Name + "." + property.Name, reason.Text + ": raw SQL, reports and database tools must quote the column", property);
        }

        return true;
    }

    /// <summary>An entity declared in another assembly: its table name and its columns, at its configuration site.</summary>
    private static void AnalyzeExternal(MemberScope context, EfModel model, EntityModel entity)
    {
        if (model.IsExternal(entity.Type))
        {
            AnalyzeTable(context, model, entity);
        }

        foreach (var member in model.GetExternalMembers(entity))
        {
            AnalyzeColumn(context, model, entity, member);
        }
    }

    /// <summary>
    /// A member of a complex type: the column it maps to in each use (<c>ShippingAddress_Order</c>), reported when that
    /// name is reserved and not set explicitly (<c>HasColumnName</c>/<c>[Column]</c>, like an entity property); members
    /// of a JSON-mapped complex property are no columns. Reported once, naming the first use that reserves it.
    /// </summary>
    private static void AnalyzeComplexMember(SymbolAnalysisContext context, EfModel model, IPropertySymbol property, IReadOnlyList<ComplexPropertyModel> usages)
    {
        foreach (var usage in usages)
        {
            if (usage.Column(property.Name) is not { Explicit: false } column)
            {
                continue;
            }

            if (Classify(context.Options, property.Locations[0].SourceTree!, model, column.Name) is { } reason)
            {
                Report(MemberScope.OnMember(context, property), ColumnKind, property.ContainingType.Name + property.Name, keyword: false,
                    usage.OwnerName + "." + usage.Path + "." + property.Name,
                    $"is mapped to column '{column.Name}', which {reason.Text}: raw SQL, reports and database tools must quote it", property);
                return;
            }
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || type.Locations.Length == 0 || !type.Locations[0].IsInSource)
        {
            return;
        }

        var model = EfModel.For(context.Compilation, context.CancellationToken);
        if (model?.GetEntity(type) is { } entity)
        {
            AnalyzeTable(MemberScope.OnMember(context, type), model, entity);
        }
    }

    private static void AnalyzeTable(MemberScope context, EfModel model, EntityModel entity)
    {
        if (entity is not { IsOwned: false, IsKeyless: false, TableName: null, BaseEntity: null })
        {
            return;
        }

        var table = entity.DefaultTableName;
        if (Classify(context.Options, context.Tree, model, table) is not { } reason)
        {
            return;
        }

        var newName = table + "s";
        if (Classify(context.Options, context.Tree, model, newName) is not null)
        {
            newName = table + "Table";
        }

        Report(context, TableKind, newName, reason.Keyword, entity.Name,
            $"is mapped to table '{table}', which {reason.Text}: raw SQL, reports and database tools must quote it");
    }

    /// <summary>A DbSet named like a member of DbContext (Database, Model, ChangeTracker, ContextId, ...).</summary>
    private static void AnalyzeDbSet(SymbolAnalysisContext context, EfSymbols symbols, IPropertySymbol property)
    {
        if (property.IsStatic || symbols.GetDbSetElementType(property.Type) is not INamedTypeSymbol element)
        {
            return;
        }

        foreach (var member in symbols.DbContext.GetMembers(property.Name))
        {
            if (member.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
            {
                var newName = element.Name + "s";
                if (!symbols.DbContext.GetMembers(newName).IsEmpty || !property.ContainingType.GetMembers(newName).IsEmpty)
                {
                    newName = element.Name + "Set";
                }

                Report(MemberScope.OnMember(context, property), DbSetKind, newName, keyword: false, property.ContainingType.Name + "." + property.Name,
                    $"hides DbContext.{property.Name}: code using the context's '{property.Name}' gets the DbSet instead");
                return;
            }
        }
    }

    private static string? EfOwnedName(EfModel model, EntityModel entity, string name)
    {
        if (name == "Discriminator")
        {
            var root = entity;
            while (root.BaseEntity is not null)
            {
                root = root.BaseEntity;
            }

            if (!root.DiscriminatorConfigured && (entity.BaseEntity is not null || HasDerived(entity)))
            {
                return "collides with the shadow 'Discriminator' column EF Core adds to a TPH hierarchy whose discriminator is not configured";
            }
        }

        for (var e = entity; e is not null; e = e.BaseEntity)
        {
            if (e.Temporal is { HasDefaultPeriodNames: true } temporal && temporal.IsPeriodColumn(name))
            {
                return $"collides with the '{name}' period column EF Core adds to a temporal table with default period names";
            }
        }

        return null;

        bool HasDerived(EntityModel candidate)
        {
            // called only for a property named Discriminator
            foreach (var other in model.Entities)
            {
                if (ReferenceEquals(other.BaseEntity, candidate))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static (string Text, bool Keyword)? Classify(AnalyzerOptions options, SyntaxTree tree, EfModel model, string name)
    {
        var custom = Options.Get(options, tree, Options.ReservedNames);
        if (custom is not null)
        {
            foreach (var part in custom.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (string.Equals(part.Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return ("is in dbpractices.reserved_names", false);
                }
            }
        }

        var dialects = Dialects(options, tree, model);
        if (dialects.Count == 0)
        {
            return SqlKeywords.Common.Contains(name) ? ("is a reserved SQL keyword (in SQL Server, PostgreSQL, SQLite and MySQL)", true) : null;
        }

        var reservedIn = new List<string>();
        foreach (var (dialect, words) in dialects)
        {
            if (words.Contains(name))
            {
                reservedIn.Add(dialect);
            }
        }

        return reservedIn.Count == 0 ? null : ("is a reserved keyword in " + string.Join(", ", reservedIn), true);
    }

    /// <summary>The dialect option, else every provider the compilation references (none: only words all four reserve).</summary>
    private static List<(string Name, HashSet<string> Words)> Dialects(AnalyzerOptions options, SyntaxTree tree, EfModel model)
    {
        var result = new List<(string, HashSet<string>)>();
        var providers = TargetDatabase.Resolve(model, options, tree);
        if ((providers & DatabaseProvider.SqlServer) != 0)
        {
            result.Add(("SQL Server", SqlKeywords.SqlServer));
        }

        if ((providers & DatabaseProvider.PostgreSql) != 0)
        {
            result.Add(("PostgreSQL", SqlKeywords.PostgreSql));
        }

        if ((providers & DatabaseProvider.Sqlite) != 0)
        {
            result.Add(("SQLite", SqlKeywords.Sqlite));
        }

        if ((providers & DatabaseProvider.MySql) != 0)
        {
            result.Add(("MySQL", SqlKeywords.MySql));
        }

        return result;
    }

    private static void Report(MemberScope context, string kind, string newName, bool keyword, string subject, string reason, IPropertySymbol? member = null)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[KindKey] = kind;
        properties[NewNameKey] = newName;
        if (keyword)
        {
            properties[KeywordKey] = "true";
        }

        context.Report(Diagnostic.Create(Rule, context.Location, context.WithSite(properties.ToImmutable(), member), subject, reason));
    }
}
