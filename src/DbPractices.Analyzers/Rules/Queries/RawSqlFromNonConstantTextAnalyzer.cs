using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// DBP013: raw SQL (<c>FromSqlRaw</c>, <c>ExecuteSqlRaw*</c>, <c>SqlQueryRaw</c>, <c>migrationBuilder.Sql</c>) whose
/// text is built from non-constant values. Spots that EF Core's own analyzer reports for the referenced
/// EF Core version (EF1002, EF1003) are left to it, so a call is never reported twice.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RawSqlFromNonConstantTextAnalyzer : DbpAnalyzer
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        RuleIdentifiers.RawSqlFromNonConstantText,
        "Raw SQL built from non-constant text",
        "'{0}' runs SQL text built from non-constant values ({1}): a value can change the SQL itself (SQL injection); pass values as parameters",
        RuleCategories.Security,
        DiagnosticSeverity.Warning,
        "SQL text assembled from values (concatenation, interpolation into a string, string.Format, StringBuilder) lets those values rewrite the statement. Use FromSql/ExecuteSql/SqlQuery with an interpolated string, or parameters.");

    /// <summary>Migration files are generated code: this rule reads them for <c>migrationBuilder.Sql</c> only.</summary>
    protected override bool AnalyzeGeneratedCode => true;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        var facade = symbols.GetType("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
        if (symbols.RelationalQueryableExtensions is null && facade is null && symbols.MigrationBuilder is null)
        {
            return;
        }

        var stringBuilder = symbols.GetType("System.Text.StringBuilder");
        var efVersion = symbols.EfMajorVersion;
        context.RegisterOperationAction(c => Analyze(c, symbols, facade, stringBuilder, efVersion), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, EfSymbols symbols, INamedTypeSymbol? facade, INamedTypeSymbol? stringBuilder, int efVersion)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var kind = Classify(method, symbols, facade);
        if (kind == RawSqlKind.None || (context.IsGeneratedCode && kind != RawSqlKind.Migration))
        {
            return;
        }

        if (invocation.GetArgument("sql") is not { } sql || EfCoreRawSqlWarnings.Reports(invocation, efVersion))
        {
            return;
        }

        var text = new SqlTextEvaluator(stringBuilder, context.CancellationToken).Evaluate(sql.Value);
        if (text.Kind != SqlTextKind.Built)
        {
            return;
        }

        var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }
            ? member.Name is GenericNameSyntax generic ? generic.Identifier.GetLocation() : member.Name.GetLocation()
            : invocation.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, method.Name, text.How));
    }

    private static RawSqlKind Classify(IMethodSymbol method, EfSymbols symbols, INamedTypeSymbol? facade)
    {
        var containing = method.ContainingType?.OriginalDefinition;
        switch (method.Name)
        {
            case "FromSqlRaw" when SymbolEqualityComparer.Default.Equals(containing, symbols.RelationalQueryableExtensions):
            case "ExecuteSqlRaw" or "ExecuteSqlRawAsync" or "SqlQueryRaw" when SymbolEqualityComparer.Default.Equals(containing, facade):
                return RawSqlKind.Query;
            case "Sql" when symbols.MigrationBuilder is not null && containing is not null && containing.IsOrInheritsFrom(symbols.MigrationBuilder):
                return RawSqlKind.Migration;
            default:
                return RawSqlKind.None;
        }
    }

    private enum RawSqlKind
    {
        None,
        Query,
        Migration,
    }
}
