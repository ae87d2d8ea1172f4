namespace DbPractices.Analyzers.Rules.Migrations;

/// <summary>
/// DBP014: an <c>Up</c> that adds a required column rows cannot satisfy: no default on an existing table, a sentinel
/// default under a new foreign key (efcore#30759), or nullable → required without a backfill.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MigrationAddsRequiredColumnAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: which shape fired (<see cref="MissingDefault"/>, <see cref="SentinelForeignKey"/>, <see cref="AlterWithoutBackfill"/>).</summary>
    public const string KindKey = "Kind";

    /// <summary>Diagnostic property: the C# literal of the column type's default, when the default-value fix applies.</summary>
    public const string DefaultValueKey = "DefaultValue";

    /// <summary>Diagnostic property: "true" when the default literal needs <c>using System;</c>.</summary>
    public const string NeedsSystemKey = "NeedsSystem";

    public const string MissingDefault = "MissingDefault";
    public const string SentinelForeignKey = "SentinelForeignKey";
    public const string AlterWithoutBackfill = "AlterWithoutBackfill";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.MigrationAddsRequiredColumn,
        "Migration adds a non-nullable column to an existing table without a default",
        "'{0}' {1}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "A NOT NULL column added to a table that has rows needs a value for those rows; a required foreign key needs one that a principal row has; a nullable column made required needs its NULLs backfilled first.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    protected override bool AnalyzeGeneratedCode => true;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        MigrationClass.Register(context, symbols, (c, migration) =>
        {
            if (migration.Up is { } up)
            {
                Analyze(c, up);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, MigrationMethod up)
    {
        var calls = up.Calls;
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var call in calls)
        {
            if (call.Method == "CreateTable" && call.Table is { } table)
            {
                created.Add(table);
            }
        }

        for (var i = 0; i < calls.Length; i++)
        {
            var call = calls[i];
            if (call.Table is not { } table || call.Column is not { } column || created.Contains(table))
            {
                continue;
            }

            if (call.Method == "AddColumn")
            {
                AnalyzeAddColumn(context, calls, i, table, column);
            }
            else if (call.Method == "AlterColumn")
            {
                AnalyzeAlterColumn(context, calls, i, table, column);
            }
        }
    }

    private static void AnalyzeAddColumn(SymbolAnalysisContext context, ImmutableArray<MigrationCall> calls, int index, string table, string column)
    {
        var call = calls[index];
        if (call.Bool("nullable") != false || call.Bool("rowVersion") == true || HasDatabaseValue(call) || IsGeneratedByDatabase(call))
        {
            return;
        }

        var foreignKey = FindForeignKey(calls, index, call, column);
        if (!call.HasNonNull("defaultValue"))
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[KindKey] = MissingDefault;

            // a default on a foreign-key column would be a sentinel no principal row has: offer nullable only
            if (foreignKey is null && DefaultLiteral(call.TypeArgument, out var needsSystem) is { } literal)
            {
                properties[DefaultValueKey] = literal;
                if (needsSystem)
                {
                    properties[NeedsSystemKey] = "true";
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, call.NameLocation, properties.ToImmutable(), table + "." + column,
                "is added as a non-nullable column to an existing table without a default value: the migration fails on a table that has rows"));
            return;
        }

        if (foreignKey is not null && SentinelText(call.Value("defaultValue")) is { } sentinel)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[KindKey] = SentinelForeignKey;
            context.ReportDiagnostic(Diagnostic.Create(Rule, call.NameLocation, properties.ToImmutable(), table + "." + column,
                $"is a required foreign key added with the default {sentinel}, which no principal row has: existing rows violate the foreign key added by '{foreignKey.String("name") ?? "AddForeignKey"}'"));
        }
    }

    private static void AnalyzeAlterColumn(SymbolAnalysisContext context, ImmutableArray<MigrationCall> calls, int index, string table, string column)
    {
        var call = calls[index];
        if (call.Bool("oldNullable") != true || call.Bool("nullable") != false || call.HasNonNull("defaultValue") || HasDatabaseValue(call))
        {
            return;
        }

        // a backfill earlier in Up: Sql("UPDATE ... column ...")
        for (var i = 0; i < index; i++)
        {
            if (MigrationClass.SqlMentions(calls[i], column, updateOnly: true))
            {
                return;
            }
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties[KindKey] = AlterWithoutBackfill;
        context.ReportDiagnostic(Diagnostic.Create(Rule, call.NameLocation, properties.ToImmutable(), table + "." + column,
            "is made required (oldNullable: true → nullable: false) without a backfill: the migration fails when a row holds NULL; run Sql(\"UPDATE ...\") for the column earlier in Up, or give AlterColumn a defaultValue"));
    }

    private static bool HasDatabaseValue(MigrationCall call) =>
        call.HasNonNull("defaultValueSql") || call.HasNonNull("computedColumnSql");

    /// <summary>Identity / autoincrement / value-generation annotations: the database fills the column.</summary>
    private static bool IsGeneratedByDatabase(MigrationCall call)
    {
        foreach (var name in call.AnnotationNames())
        {
            if (name.IndexOf("Identity", StringComparison.OrdinalIgnoreCase) >= 0 ||
                name.IndexOf("Autoincrement", StringComparison.OrdinalIgnoreCase) >= 0 ||
                name.IndexOf("ValueGeneration", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An AddForeignKey of the same Up whose columns include the added column, unless a <c>Sql("UPDATE ...")</c>
    /// naming the column runs between the two (the rows were pointed at real principals).
    /// </summary>
    private static MigrationCall? FindForeignKey(ImmutableArray<MigrationCall> calls, int addIndex, MigrationCall add, string column)
    {
        for (var i = addIndex + 1; i < calls.Length; i++)
        {
            var call = calls[i];
            if (MigrationClass.SqlMentions(call, column, updateOnly: true))
            {
                return null;
            }

            if (call.Method == "AddForeignKey" && call.IsOnTable(add.Table, add.Schema) && call.Columns.Contains(column))
            {
                return call;
            }
        }

        return null;
    }

    /// <summary>How a sentinel default is written in the message (0, Guid.Empty), or null when the default is a real value.</summary>
    private static string? SentinelText(IOperation? value)
    {
        value = value.WalkDownConversions();
        if (value is null)
        {
            return null;
        }

        if (value.ConstantValue is { HasValue: true, Value: { } constant })
        {
            return constant switch
            {
                int i when i == 0 => "0",
                long l when l == 0 => "0",
                short s when s == 0 => "0",
                byte b when b == 0 => "0",
                _ => null,
            };
        }

        var type = value.Type;
        if (type is not { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
        {
            return null;
        }

        switch (value)
        {
            case IDefaultValueOperation:
            case IObjectCreationOperation { Arguments.Length: 0 }:
            case IFieldReferenceOperation { Field.Name: "Empty" }:
                return "Guid.Empty";
            case IObjectCreationOperation { Arguments.Length: 1 } creation
                when creation.Arguments[0].Value.GetConstantString() is { } text && IsEmptyGuid(text):
                return "Guid.Empty";
            default:
                return null;
        }
    }

    private static bool IsEmptyGuid(string text)
    {
        foreach (var c in text)
        {
            if (c != '0' && c != '-' && c != '{' && c != '}')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    /// <summary>The literal EF Core's scaffolder writes for the CLR default of <paramref name="type"/>.</summary>
    internal static string? DefaultLiteral(ITypeSymbol? type, out bool needsSystem)
    {
        needsSystem = false;
        switch (type?.SpecialType)
        {
            case SpecialType.System_Int32: return "0";
            case SpecialType.System_Int64: return "0L";
            case SpecialType.System_Int16: return "(short)0";
            case SpecialType.System_Byte: return "(byte)0";
            case SpecialType.System_SByte: return "(sbyte)0";
            case SpecialType.System_UInt16: return "(ushort)0";
            case SpecialType.System_UInt32: return "0u";
            case SpecialType.System_UInt64: return "0ul";
            case SpecialType.System_Decimal: return "0m";
            case SpecialType.System_Double: return "0.0";
            case SpecialType.System_Single: return "0f";
            case SpecialType.System_Boolean: return "false";
            case SpecialType.System_String: return "\"\"";
            case SpecialType.System_DateTime:
                needsSystem = true;
                return "new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified)";
        }

        if (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
        {
            return "new byte[0]";
        }

        if (type is not INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named)
        {
            return null;
        }

        needsSystem = true;
        switch (named.Name)
        {
            case "Guid": return "new Guid(\"00000000-0000-0000-0000-000000000000\")";
            case "TimeSpan": return "new TimeSpan(0, 0, 0, 0, 0)";
            case "DateTimeOffset": return "new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))";
            case "DateOnly": return "new DateOnly(1, 1, 1)";
            case "TimeOnly": return "new TimeOnly(0, 0, 0)";
            default:
                needsSystem = false;
                return null;
        }
    }
}
