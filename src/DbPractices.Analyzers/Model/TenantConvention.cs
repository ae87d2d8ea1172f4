using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

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

    public static TenantConvention From(AnalyzerOptions options, SyntaxTree tree) => new(
        Options.GetList(options, tree, Options.TenantProperties, DefaultProperties),
        Options.GetList(options, tree, Options.TenantInterfaces, DefaultInterfaces));

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

        foreach (var implemented in entity.Type.AllInterfaces)
        {
            if (!Contains(_interfaces, implemented.Name))
            {
                continue;
            }

            foreach (var member in implemented.GetMembers())
            {
                if (member is IPropertySymbol interfaceProperty && entity.FindProperty(interfaceProperty.Name) is { } property)
                {
                    return property;
                }
            }
        }

        return null;
    }

    public bool IsTenantPropertyName(string name) => Contains(_properties, name);

    private static bool Contains(ImmutableArray<string> names, string name)
    {
        foreach (var candidate in names)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
