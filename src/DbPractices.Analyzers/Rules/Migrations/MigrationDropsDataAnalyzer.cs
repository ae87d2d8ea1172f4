namespace DbPractices.Analyzers.Rules.Migrations;

/// <summary>
/// DBP015: an <c>Up</c> that drops a table or a column (its data is lost), and the drop + add pair of one column
/// definition on one table that is most likely a rename.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MigrationDropsDataAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the encoded <c>RenameColumn</c> that replaces the pair in Up (<see cref="MigrationCode"/>).</summary>
    public const string UpKey = "Up";

    /// <summary>Diagnostic property: the encoded <c>RenameColumn</c> back for Down, when Down is the generated inverse.</summary>
    public const string DownKey = "Down";

    /// <summary>Column facets that must match for a drop + add to read as a rename (name and default aside).</summary>
    private static readonly string[] DefinitionParameters =
    {
        "type", "unicode", "maxLength", "rowVersion", "nullable", "fixedLength", "precision", "scale", "collation", "computedColumnSql", "stored",
    };

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.MigrationDropsData,
        "Migration drops a column/table",
        "'{0}' {1}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "Dropping a column or a table deletes its data for good; a drop and an add of the same column definition is usually a rename that EF Core did not recognise, and RenameColumn keeps the data.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    protected override bool AnalyzeGeneratedCode => true;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        MigrationClass.Register(context, symbols, (c, migration) =>
        {
            if (migration.Up is { } up)
            {
                Analyze(c, up, migration.Down);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, MigrationMethod up, MigrationMethod? down)
    {
        var calls = up.Calls;
        for (var i = 0; i < calls.Length; i++)
        {
            var call = calls[i];
            if (call.Method == "DropTable" && call.Table is { } droppedTable)
            {
                if (!IsCreatedOrReadBefore(calls, i, droppedTable, droppedTable, column: null))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, call.NameLocation, droppedTable, "is dropped: every row it holds is lost"));
                }
            }
            else if (call.Method == "DropColumn" && call.Table is { } table && call.Column is { } column)
            {
                if (IsCreatedOrReadBefore(calls, i, table, column, column))
                {
                    continue;
                }

                if (FindRename(calls, i, down) is { } rename)
                {
                    context.ReportDiagnostic(rename);
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, call.NameLocation, table + "." + column, "is dropped: the column's data is lost"));
            }
        }
    }

    /// <summary>
    /// The table was created, or the column added, earlier in this Up (nothing to lose), or an earlier <c>Sql(...)</c>
    /// names it (the data was copied elsewhere first).
    /// </summary>
    private static bool IsCreatedOrReadBefore(ImmutableArray<MigrationCall> calls, int index, string table, string mentioned, string? column)
    {
        var schema = calls[index].Schema;
        for (var i = 0; i < index; i++)
        {
            var call = calls[i];
            if ((call.Method == "CreateTable" && call.IsOnTable(table, schema)) ||
                (column is not null && call.Method == "AddColumn" && call.IsOnTable(table, schema) && call.Column == column) ||
                MigrationClass.SqlMentions(call, mentioned, updateOnly: false))
            {
                return true;
            }
        }

        return false;
    }

    private static Diagnostic? FindRename(ImmutableArray<MigrationCall> calls, int dropIndex, MigrationMethod? down)
    {
        var drop = calls[dropIndex];
        if (down is null || FindSingle(down.Calls, "AddColumn", drop.Table, drop.Schema, drop.Column) is not { } oldDefinition)
        {
            return null;
        }

        // exactly one added column of that definition, and no other dropped column it could be the new name of
        MigrationCall? add = null;
        foreach (var call in calls)
        {
            if (call.Method == "AddColumn" && call.IsOnTable(drop.Table, drop.Schema) && call.Column is { } name && name != drop.Column &&
                SameDefinition(oldDefinition, call))
            {
                if (add is not null)
                {
                    return null;
                }

                add = call;
            }
        }

        if (add is null)
        {
            return null;
        }

        foreach (var call in calls)
        {
            if (call != drop && call.Method == "DropColumn" && call.IsOnTable(drop.Table, drop.Schema) &&
                FindSingle(down.Calls, "AddColumn", call.Table, call.Schema, call.Column) is { } other && SameDefinition(other, add))
            {
                return null;
            }
        }

        var table = drop.Table!;
        var oldName = drop.Column!;
        var newName = add.Column!;
        var message = $"is dropped and '{newName}' of the same definition is added to '{table}': this looks like a rename, and dropping loses the column's data; use RenameColumn";
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        var additional = new List<Location>();
        if (drop.IsTopLevel && add.IsTopLevel)
        {
            properties[UpKey] = Rename(oldName, newName, table, drop.Schema);
            additional.Add(drop.Statement!.GetLocation());
            additional.Add(add.Statement!.GetLocation());

            // Down is the generated inverse: one AddColumn of the old name (already found) and one DropColumn of the new
            if (oldDefinition.IsTopLevel && FindSingle(down.Calls, "DropColumn", table, drop.Schema, newName) is { IsTopLevel: true } dropNew)
            {
                properties[DownKey] = Rename(newName, oldName, table, drop.Schema);
                additional.Add(oldDefinition.Statement!.GetLocation());
                additional.Add(dropNew.Statement!.GetLocation());
            }
        }

        return Diagnostic.Create(Rule, drop.NameLocation, additional, properties.ToImmutable(), table + "." + oldName, message);
    }

    private static string Rename(string name, string newName, string table, string? schema) =>
        MigrationCode.Statement(
            "RenameColumn",
            ("name", MigrationCode.Literal(name)),
            ("schema", MigrationCode.Literal(schema)),
            ("table", MigrationCode.Literal(table)),
            ("newName", MigrationCode.Literal(newName)));

    private static MigrationCall? FindSingle(ImmutableArray<MigrationCall> calls, string method, string? table, string? schema, string? column)
    {
        MigrationCall? found = null;
        foreach (var call in calls)
        {
            if (call.Method == method && call.IsOnTable(table, schema) && call.Column == column)
            {
                if (found is not null)
                {
                    return null;
                }

                found = call;
            }
        }

        return found;
    }

    private static bool SameDefinition(MigrationCall a, MigrationCall b)
    {
        if (a.TypeArgument is null || !SymbolEqualityComparer.Default.Equals(a.TypeArgument, b.TypeArgument))
        {
            return false;
        }

        foreach (var parameter in DefinitionParameters)
        {
            var x = a.Constant(parameter, out var knownA);
            var y = b.Constant(parameter, out var knownB);
            if (!knownA || !knownB || !Equals(x, y))
            {
                return false;
            }
        }

        return true;
    }
}
