namespace DbPractices.Analyzers.Query;

/// <summary>Which DbContext instance a database operation runs on (for rules about one context's operations).</summary>
internal static class ContextInstances
{
    /// <summary>
    /// The context instance a database operation runs on: a DbContext method (<c>SaveChanges*</c>, <c>Find*</c>, ...),
    /// a <c>Database.ExecuteSql*</c> call, or a materializing query whose every root is a DbSet of that instance.
    /// The instance is a local, parameter, field, property, or the context itself (<c>this</c>).
    /// </summary>
    public static ISymbol? Of(IInvocationOperation call, EfSymbols symbols, CancellationToken cancellationToken)
    {
        var method = call.TargetMethod;
        if (method.ContainingType is { } type && type.IsOrInheritsFrom(symbols.DbContext))
        {
            return method.Name is "SaveChanges" or "SaveChangesAsync" or "Find" or "FindAsync" ? Instance(call.Instance) : null;
        }

        if (method.Name.StartsWith("ExecuteSql", StringComparison.Ordinal) && call.GetReceiver() is IPropertyReferenceOperation { Property.Name: "Database" } database &&
            database.Instance?.Type?.IsOrInheritsFrom(symbols.DbContext) == true)
        {
            return Instance(database.Instance);
        }

        if (!QueryOperators.IsMaterializing(call, symbols))
        {
            return null;
        }

        var source = method.Name is "Find" or "FindAsync" ? call.Instance : QueryOperators.GetSource(call);
        if (source is null)
        {
            return null;
        }

        ISymbol? found = null;
        foreach (var path in QuerySources.Find(source, symbols, cancellationToken))
        {
            var instance = path.Root switch
            {
                IPropertyReferenceOperation property => Instance(property.Instance),
                IInvocationOperation set => Instance(set.Instance),
                _ => null,
            };
            if (instance is null || (found is not null && !SymbolEqualityComparer.Default.Equals(found, instance)))
            {
                return null;
            }

            found = instance;
        }

        return found;
    }

    public static ISymbol? Instance(IOperation? operation) => operation.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property => property.Property,
        IInstanceReferenceOperation self => self.Type,
        _ => null,
    };

    /// <summary>
    /// <c>SaveChanges</c>/<c>SaveChangesAsync</c> of a DbContext; with <paramref name="orContextInterface"/> also of a context
    /// interface the application declares (<c>IApplicationDbContext.SaveChangesAsync</c>, see <see cref="QueryRoots.IsContextType"/>).
    /// </summary>
    public static bool IsSave(IInvocationOperation call, EfSymbols symbols, bool orContextInterface = false) =>
        call.TargetMethod.Name is "SaveChanges" or "SaveChangesAsync" &&
        (call.TargetMethod.ContainingType.IsOrInheritsFrom(symbols.DbContext) || (orContextInterface && QueryRoots.IsContextType(call.TargetMethod.ContainingType, symbols)));
}
