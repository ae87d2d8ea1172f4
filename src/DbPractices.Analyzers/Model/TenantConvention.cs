using System.Runtime.CompilerServices;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// What makes an entity tenant-owned: a property named in <c>dbpractices.tenant_properties</c>
/// (default TenantId), or an interface named in <c>dbpractices.tenant_interfaces</c>
/// (default ITenantEntity, IMultiTenant, IMustHaveTenant) whose properties are then tenant keys.
/// </summary>
internal sealed class TenantConvention
{
    public static readonly ImmutableArray<string> DefaultProperties = ImmutableArray.Create("TenantId");
    public static readonly ImmutableArray<string> DefaultInterfaces = ImmutableArray.Create("ITenantEntity", "IMultiTenant", "IMustHaveTenant");

    private readonly ImmutableArray<string> _properties;
    private readonly ImmutableArray<string> _interfaces;

    public TenantConvention(ImmutableArray<string> properties, ImmutableArray<string> interfaces)
    {
        _properties = properties;
        _interfaces = interfaces;
    }

    // Rules ask per property / per method; the answer only changes with the options, which Roslyn shares
    // between trees with the same configuration: cache by (global options, tree options) instead of re-parsing.
    private static readonly ConditionalWeakTable<AnalyzerConfigOptions, ConditionalWeakTable<AnalyzerConfigOptions, TenantConvention>> Cache = new();

    public static TenantConvention From(AnalyzerOptions options, SyntaxTree tree)
    {
        var provider = options.AnalyzerConfigOptionsProvider;
        var byTree = Cache.GetValue(provider.GlobalOptions, static _ => new ConditionalWeakTable<AnalyzerConfigOptions, TenantConvention>());
        return byTree.GetValue(provider.GetOptions(tree), _ => new TenantConvention(
            Options.GetList(options, tree, Options.TenantProperties, DefaultProperties),
            Options.GetList(options, tree, Options.TenantInterfaces, DefaultInterfaces)));
    }

    /// <summary>The tenant key of an entity, or null when the entity is not tenant-owned.</summary>
    public IPropertySymbol? GetTenantProperty(EntityModel entity)
    {
        foreach (var property in entity.ScalarProperties)
        {
            if (IsTenantPropertyName(property.Name))
            {
                return property;
            }
        }

        // AllInterfaces covers interfaces inherited through base classes and through other interfaces;
        // the tenant interface may itself inherit the property from a base interface.
        foreach (var implemented in entity.Type.AllInterfaces)
        {
            if (!_interfaces.Contains(implemented.Name))
            {
                continue;
            }

            if (FindInterfaceProperty(entity, implemented) is { } property)
            {
                return property;
            }

            foreach (var inherited in implemented.AllInterfaces)
            {
                if (FindInterfaceProperty(entity, inherited) is { } inheritedProperty)
                {
                    return inheritedProperty;
                }
            }
        }

        return null;
    }

    /// <summary>True when the type implements (directly, through a base class or another interface) a tenant interface.</summary>
    public bool ImplementsTenantInterface(ITypeSymbol type)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (_interfaces.Contains(implemented.Name))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsTenantInterfaceName(string name) => _interfaces.Contains(name);

    private static IPropertySymbol? FindInterfaceProperty(EntityModel entity, INamedTypeSymbol implemented)
    {
        foreach (var member in implemented.GetMembers())
        {
            if (member is IPropertySymbol interfaceProperty && entity.FindProperty(interfaceProperty.Name) is { } property)
            {
                return property;
            }
        }

        return null;
    }

    private bool IsTenantPropertyName(string name) => _properties.Contains(name);

    /// <summary>
    /// A variable or member that holds the current tenant (the tenant fixes use it): named like the tenant
    /// property, <c>tenantId</c>, <c>currentTenantId</c>, or ending with <c>TenantId</c>; case-insensitive,
    /// a leading underscore ignored.
    /// </summary>
    public static bool IsTenantValueName(string name, string tenantProperty)
    {
        var trimmed = name.TrimStart('_');
        return string.Equals(trimmed, tenantProperty, StringComparison.OrdinalIgnoreCase) ||
               string.Equals(trimmed, "tenantId", StringComparison.OrdinalIgnoreCase) ||
               string.Equals(trimmed, "currentTenantId", StringComparison.OrdinalIgnoreCase) ||
               name.EndsWith("TenantId", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether <c>e.Tenant == value</c> compiles and compares like with like (nullable forms included).</summary>
    public static bool IsCompatibleTenantValue(Compilation compilation, ITypeSymbol valueType, ITypeSymbol tenantType)
    {
        var value = valueType.UnwrapNullable();
        var tenant = tenantType.UnwrapNullable();
        if (SymbolEqualityComparer.Default.Equals(value, tenant))
        {
            return true;
        }

        // int vs long and the like: a numeric comparison
        return IsNumeric(value) && IsNumeric(tenant) && (compilation.HasImplicitConversion(value, tenant) || compilation.HasImplicitConversion(tenant, value));
    }

    private static bool IsNumeric(ITypeSymbol type) => type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double;
}
