using System.Text;

namespace DbPractices.Analyzers.Rules.Migrations;

/// <summary>DBP016: a migration whose Up changes the schema but whose Down is empty (or missing): it cannot be reverted.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MigrationEmptyDownAnalyzer : DbpAnalyzer
{
    /// <summary>Diagnostic property: the encoded inverse of Up (<see cref="MigrationCode"/>), when every operation inverts.</summary>
    public const string DownKey = "Down";

    /// <summary>Diagnostic property: "true" when the class has no Down override at all (the fix adds the method).</summary>
    public const string MissingKey = "Missing";

    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.MigrationEmptyDown,
        "Migration has an empty Down while Up changes the schema",
        "'{0}' {1}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Warning,
        "A migration whose Down does nothing cannot be reverted: 'dotnet ef database update <previous>' reports success and leaves the schema changed. Write the inverse, or throw to say the migration is irreversible.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    protected override bool AnalyzeGeneratedCode => true;

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        MigrationClass.Register(context, symbols, (c, migration) =>
        {
            if (migration.Up is { } up)
            {
                Analyze(c, migration, up);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, MigrationClass migration, MigrationMethod up)
    {
        Location location;
        string reason;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (migration.DownDeclaration is { } downDeclaration)
        {
            if (migration.Down is not { IsEmpty: true })
            {
                return;
            }

            location = downDeclaration.Identifier.GetLocation();
            reason = "has an empty Down while its Up changes the schema: reverting it reports success and leaves the schema changed";
        }
        else
        {
            if (migration.DeclaresDown)
            {
                return;
            }

            location = migration.Declaration.Identifier.GetLocation();
            reason = "does not override Down while its Up changes the schema: reverting it reports success and leaves the schema changed";
            properties[MissingKey] = "true";
        }

        if (!ChangesSchema(up))
        {
            return;
        }

        if (Invert(up) is { } inverse)
        {
            properties[DownKey] = inverse;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties.ToImmutable(), migration.Type.Name, reason));
    }

    /// <summary>
    /// Any operation but data changes (<c>InsertData</c>/<c>UpdateData</c>/<c>DeleteData</c>, <c>Sql</c> that does not read
    /// like DDL) and <c>EnsureSchema</c> (EF Core never drops a schema in Down either: it may have existed before).
    /// </summary>
    private static bool ChangesSchema(MigrationMethod up)
    {
        foreach (var call in up.Calls)
        {
            switch (call.Method)
            {
                case "InsertData" or "UpdateData" or "DeleteData" or "EnsureSchema":
                    continue;
                case "Sql":
                    if (MigrationClass.IsSchemaSql(call))
                    {
                        return true;
                    }

                    continue;
                default:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The inverse of Up in reverse order, or null when an operation cannot be inverted from what Up says.</summary>
    private static string? Invert(MigrationMethod up)
    {
        if (up.HasOtherStatements)
        {
            return null;
        }

        var text = new StringBuilder();
        for (var i = up.Calls.Length - 1; i >= 0; i--)
        {
            var call = up.Calls[i];
            if (!call.IsTopLevel)
            {
                return null;
            }

            if (call.Method == "EnsureSchema")
            {
                continue;
            }

            if (Invert(call) is not { } statement)
            {
                return null;
            }

            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(statement);
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static string? Invert(MigrationCall call)
    {
        if (!TryLiteral(call, "name", out var name) || !TryLiteral(call, "schema", out var schema) || !TryLiteral(call, "table", out var table) || name is null)
        {
            return null;
        }

        switch (call.Method)
        {
            case "CreateTable":
                return MigrationCode.Statement("DropTable", ("name", name), ("schema", schema));
            case "CreateSequence":
                return MigrationCode.Statement("DropSequence", ("name", name), ("schema", schema));
            case "AddColumn" when table is not null:
                return MigrationCode.Statement("DropColumn", ("name", name), ("schema", schema), ("table", table));
            case "CreateIndex" when table is not null:
                return MigrationCode.Statement("DropIndex", ("name", name), ("schema", schema), ("table", table));
            case "AddForeignKey" when table is not null:
                return MigrationCode.Statement("DropForeignKey", ("name", name), ("schema", schema), ("table", table));
            case "AddPrimaryKey" when table is not null:
                return MigrationCode.Statement("DropPrimaryKey", ("name", name), ("schema", schema), ("table", table));
            case "AddUniqueConstraint" when table is not null:
                return MigrationCode.Statement("DropUniqueConstraint", ("name", name), ("schema", schema), ("table", table));
            case "AddCheckConstraint" when table is not null:
                return MigrationCode.Statement("DropCheckConstraint", ("name", name), ("schema", schema), ("table", table));
            case "RenameColumn" or "RenameIndex" when table is not null && TryLiteral(call, "newName", out var newName) && newName is not null:
                return MigrationCode.Statement(call.Method, ("name", newName), ("schema", schema), ("table", table), ("newName", name));
            case "RenameTable":
                return InvertRenameTable(call, name, schema);
            default:
                return null;
        }
    }

    /// <summary>RenameTable(name, schema, newName, newSchema) back; a move out of an unnamed (default) schema is not invertible.</summary>
    private static string? InvertRenameTable(MigrationCall call, string name, string? schema)
    {
        if (!TryLiteral(call, "newName", out var newName) || !TryLiteral(call, "newSchema", out var newSchema) ||
            (newName is null && newSchema is null) || (newSchema is not null && schema is null))
        {
            return null;
        }

        return MigrationCode.Statement(
            "RenameTable",
            ("name", newName ?? name),
            ("schema", newSchema ?? schema),
            ("newName", newName is null ? null : name),
            ("newSchema", newSchema is null ? null : schema));
    }

    /// <summary>The argument as a C# string literal; false when it is written but is not a constant string (or null).</summary>
    private static bool TryLiteral(MigrationCall call, string parameter, out string? literal)
    {
        literal = null;
        if (call.Value(parameter) is not { } value)
        {
            return true;
        }

        var constant = value.WalkDownConversions()!.ConstantValue;
        if (!constant.HasValue || (constant.Value is not null && constant.Value is not string))
        {
            return false;
        }

        literal = MigrationCode.Literal((string?)constant.Value);
        return true;
    }
}
