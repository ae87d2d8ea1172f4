namespace DbPractices.Analyzers;

/// <summary>Every rule ID the package ships, and where its documentation lives.</summary>
public static class RuleIdentifiers
{
    public const string ForeignKeyWithoutIndex = "DBP001";
    public const string ReservedName = "DBP002";
    public const string RelationshipMemberNamedByString = "DBP003";
    public const string RelationshipStringNamesNoMember = "DBP004";
    public const string AmbiguousRelationship = "DBP005";
    public const string TenantQueryWithoutFilter = "DBP006";
    public const string TenantFilterBypassed = "DBP007";
    public const string NavigationInLoop = "DBP008";
    public const string QueryInLoop = "DBP009";
    public const string SaveChangesInLoop = "DBP010";
    public const string MaterializedBeforeFiltering = "DBP011";
    public const string RowLimitWithoutOrder = "DBP012";
    public const string RawSqlFromNonConstantText = "DBP013";
    public const string MigrationAddsRequiredColumn = "DBP014";
    public const string MigrationDropsData = "DBP015";
    public const string MigrationEmptyDown = "DBP016";
    public const string SoftDeleteWithoutFilter = "DBP017";
    public const string IncludesWithoutSplitQuery = "DBP018";
    public const string DecimalWithoutPrecision = "DBP019";
    public const string StringWithoutMaxLength = "DBP020";
    public const string DbContextLifetime = "DBP021";
    public const string QueryFilterOverwritten = "DBP022";
    public const string RequiredNavigationToFilteredEntity = "DBP023";
    public const string ForeignKeyTypeMismatch = "DBP024";
    public const string UntrackedEntitySaved = "DBP025";
    public const string DbContextUsedConcurrently = "DBP026";
    public const string BulkOperationBypassesGuards = "DBP027";
    public const string QueryUsedAfterContextDisposed = "DBP028";
    public const string WholeEntityLoadedForFewColumns = "DBP029";
    public const string LookupWithoutIndex = "DBP030";
    public const string RowByRowUpdate = "DBP031";
    public const string SaveChangesWithoutTransaction = "DBP032";

    public const string HelpLinkBase = "https://github.com/dbpractices/DbPractices.Analyzers/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
