using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Pairs navigations into relationships and finds their foreign keys the way EF Core does: fluent
/// configuration first, then [InverseProperty]/[ForeignKey], then conventions (a navigation pairs with
/// the single navigation pointing back; the key is <c>{Nav}{PK}</c>, <c>{Nav}Id</c>, <c>{Principal}{PK}</c>
/// or <c>{Principal}Id</c>, ignoring case).
/// </summary>
internal sealed class RelationshipDiscovery
{
    private readonly EfModel _model;
    private readonly List<ConfigFact> _facts;
    private readonly Func<string?, INamedTypeSymbol?> _resolve;
    private readonly HashSet<NavigationModel> _claimed = new();

    public RelationshipDiscovery(EfModel model, List<ConfigFact> facts, Func<string?, INamedTypeSymbol?> resolve)
    {
        _model = model;
        _facts = facts;
        _resolve = resolve;
    }

    private EfSymbols Symbols => _model.Symbols;

    public void Run()
    {
        foreach (var fact in _facts)
        {
            if (fact.Kind == ConfigFactKind.Relationship && fact.Relationship is { } relationship)
            {
                AddFluent(fact, relationship);
            }
        }

        foreach (var entity in _model.Entities)
        {
            if (entity.IsOwned)
            {
                continue;
            }

            foreach (var navigation in entity.Navigations)
            {
                if (_claimed.Contains(navigation))
                {
                    continue;
                }

                AddByAnnotationOrConvention(entity, navigation);
            }
        }
    }

    private void AddFluent(ConfigFact fact, RelationshipFact r)
    {
        if (_resolve(fact.Entity) is not { } entityType || _model.GetEntity(entityType) is not { } entity ||
            _resolve(fact.Target) is not { } targetType || _model.GetEntity(targetType) is not { } target)
        {
            return;
        }

        var navigation = r.Navigation is null ? null : entity.FindNavigation(r.Navigation);
        var inverse = r.Inverse is null ? null : target.FindNavigation(r.Inverse);

        RelationshipModel relationship;
        if (r.IsCollection && r.InverseIsCollection)
        {
            relationship = new RelationshipModel(entity.Type, target.Type) { IsManyToMany = true, PrincipalNavigation = r.Navigation, DependentNavigation = r.Inverse };
        }
        else if (r.IsCollection)
        {
            relationship = new RelationshipModel(entity.Type, target.Type) { PrincipalNavigation = r.Navigation, DependentNavigation = r.Inverse };
        }
        else if (!r.WithCalled || r.InverseIsCollection)
        {
            relationship = new RelationshipModel(target.Type, entity.Type) { PrincipalNavigation = r.Inverse, DependentNavigation = r.Navigation };
        }
        else
        {
            // one-to-one: the dependent is named by HasForeignKey<T>/HasPrincipalKey<T>, else found by its key
            var dependentIsTarget = r.DependentHint is not null
                ? r.DependentHint == target.Type.GetTypeKey()
                : r.ForeignKey.IsEmpty
                    ? FindConventionalForeignKey(target, entity, r.Inverse).Length > 0 && FindConventionalForeignKey(entity, target, r.Navigation).Length == 0
                    : target.FindProperty(r.ForeignKey[0]) is not null && entity.FindProperty(r.ForeignKey[0]) is null;
            relationship = dependentIsTarget
                ? new RelationshipModel(entity.Type, target.Type) { PrincipalNavigation = r.Navigation, DependentNavigation = r.Inverse }
                : new RelationshipModel(target.Type, entity.Type) { PrincipalNavigation = r.Inverse, DependentNavigation = r.Navigation };
            relationship.IsOneToOne = true;
        }

        relationship.Source = ConfigurationSource.Fluent;
        relationship.Location = fact.Location;
        relationship.IsRequired = r.IsRequired;
        if (!relationship.IsManyToMany)
        {
            var principal = _model.GetEntity(relationship.Principal)!;
            var dependent = _model.GetEntity(relationship.Dependent)!;
            relationship.PrincipalKey = r.PrincipalKey.IsEmpty ? principal.EffectivePrimaryKey : r.PrincipalKey;
            relationship.ForeignKey = !r.ForeignKey.IsEmpty
                ? r.ForeignKey
                : FindForeignKey(dependent, principal, relationship.DependentNavigation, relationship.PrincipalNavigation, relationship.PrincipalKey);
            if (!r.PrincipalKey.IsEmpty && !StartsWithPrimaryKey(principal, r.PrincipalKey))
            {
                principal.AlternateKeys.Add(r.PrincipalKey);
            }
        }

        Attach(relationship, entity, navigation, target, inverse);
    }

    private static bool StartsWithPrimaryKey(EntityModel entity, ImmutableArray<string> key) =>
        System.Linq.Enumerable.SequenceEqual(entity.EffectivePrimaryKey, key, StringComparer.Ordinal);

    private void AddByAnnotationOrConvention(EntityModel entity, NavigationModel navigation)
    {
        if (_model.GetEntity(navigation.Target) is not { } target || target.IsOwned)
        {
            return;
        }

        var inverse = FindInverse(entity, navigation, target);

        RelationshipModel relationship;
        EntityModel principal, dependent;
        if (navigation.IsCollection && inverse is { IsCollection: true })
        {
            relationship = new RelationshipModel(entity.Type, target.Type) { IsManyToMany = true, PrincipalNavigation = navigation.Name, DependentNavigation = inverse.Name };
            Attach(relationship, entity, navigation, target, inverse);
            return;
        }

        if (navigation.IsCollection)
        {
            (principal, dependent) = (entity, target);
            relationship = new RelationshipModel(entity.Type, target.Type) { PrincipalNavigation = navigation.Name, DependentNavigation = inverse?.Name };
        }
        else if (inverse is null || inverse.IsCollection)
        {
            (principal, dependent) = (target, entity);
            relationship = new RelationshipModel(target.Type, entity.Type) { PrincipalNavigation = inverse?.Name, DependentNavigation = navigation.Name };
        }
        else
        {
            // one-to-one by convention: the side with a [ForeignKey] or a conventional key is the dependent
            var entityKey = FindForeignKey(entity, target, navigation.Name, inverse.Name, target.EffectivePrimaryKey);
            var targetKey = FindForeignKey(target, entity, inverse.Name, navigation.Name, entity.EffectivePrimaryKey);
            var entityIsDependent = entityKey.Length > 0 || targetKey.Length == 0;
            (principal, dependent) = entityIsDependent ? (target, entity) : (entity, target);
            relationship = entityIsDependent
                ? new RelationshipModel(target.Type, entity.Type) { PrincipalNavigation = inverse.Name, DependentNavigation = navigation.Name }
                : new RelationshipModel(entity.Type, target.Type) { PrincipalNavigation = navigation.Name, DependentNavigation = inverse.Name };
            relationship.IsOneToOne = true;
        }

        relationship.PrincipalKey = principal.EffectivePrimaryKey;
        relationship.ForeignKey = FindForeignKey(dependent, principal, relationship.DependentNavigation, relationship.PrincipalNavigation, relationship.PrincipalKey);
        relationship.Source = HasRelationshipAnnotation(navigation) || (inverse is not null && HasRelationshipAnnotation(inverse))
            ? ConfigurationSource.DataAnnotation
            : ConfigurationSource.Convention;
        Attach(relationship, entity, navigation, target, inverse);
    }

    private bool HasRelationshipAnnotation(NavigationModel navigation) =>
        navigation.Property.HasAttribute(Symbols.InversePropertyAttribute) || navigation.Property.HasAttribute(Symbols.ForeignKeyAttribute);

    /// <summary>[InverseProperty] on either side, else the one unclaimed navigation pointing back (none when ambiguous).</summary>
    private NavigationModel? FindInverse(EntityModel entity, NavigationModel navigation, EntityModel target)
    {
        if (InversePropertyName(navigation.Property) is { } named)
        {
            var explicitInverse = target.FindNavigation(named);
            return explicitInverse is not null && !_claimed.Contains(explicitInverse) ? explicitInverse : null;
        }

        NavigationModel? candidate = null;
        var count = 0;
        foreach (var back in target.Navigations)
        {
            if (ReferenceEquals(back, navigation) || _claimed.Contains(back) || !PointsTo(back, entity))
            {
                continue;
            }

            if (InversePropertyName(back.Property) is { } backNamed)
            {
                if (backNamed == navigation.Name)
                {
                    return back;
                }

                continue;
            }

            candidate = back;
            count++;
        }

        // EF Core pairs only when each side has exactly one navigation to the other.
        if (count != 1)
        {
            return null;
        }

        var forward = 0;
        foreach (var other in entity.Navigations)
        {
            if (!_claimed.Contains(other) && PointsTo(other, target) && InversePropertyName(other.Property) is null)
            {
                forward++;
            }
        }

        return forward == 1 ? candidate : null;
    }

    private bool PointsTo(NavigationModel navigation, EntityModel entity) =>
        SymbolEqualityComparer.Default.Equals(navigation.Target, entity.Type) ||
        (_model.GetEntity(navigation.Target) is { } target && entity.Type.InheritsFrom(target.Type));

    private string? InversePropertyName(IPropertySymbol property) =>
        property.GetAttribute(Symbols.InversePropertyAttribute) is { ConstructorArguments.Length: 1 } attribute &&
        attribute.ConstructorArguments[0].Value is string name
            ? name
            : null;

    private ImmutableArray<string> ForeignKeyAttributeNames(ISymbol symbol) =>
        symbol.GetAttribute(Symbols.ForeignKeyAttribute) is { ConstructorArguments.Length: 1 } attribute &&
        attribute.ConstructorArguments[0].Value is string names
            ? SplitNames(names)
            : ImmutableArray<string>.Empty;

    private static ImmutableArray<string> SplitNames(string names)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in names.Split(','))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>[ForeignKey] on either navigation or on a dependent property, else EF Core's naming conventions.</summary>
    private ImmutableArray<string> FindForeignKey(EntityModel dependent, EntityModel principal, string? dependentNavigation, string? principalNavigation, ImmutableArray<string> principalKey)
    {
        if (dependentNavigation is not null && dependent.FindNavigation(dependentNavigation) is { } depNav)
        {
            var names = ForeignKeyAttributeNames(depNav.Property);
            if (!names.IsEmpty)
            {
                return names;
            }

            foreach (var property in dependent.ScalarProperties)
            {
                var target = ForeignKeyAttributeNames(property);
                if (target.Length == 1 && target[0] == dependentNavigation)
                {
                    return ImmutableArray.Create(property.Name);
                }
            }
        }

        if (principalNavigation is not null && principal.FindNavigation(principalNavigation) is { } principalNav)
        {
            var names = ForeignKeyAttributeNames(principalNav.Property);
            if (!names.IsEmpty)
            {
                return names;
            }
        }

        return FindConventionalForeignKey(dependent, principal, dependentNavigation, principalKey);
    }

    private ImmutableArray<string> FindConventionalForeignKey(EntityModel dependent, EntityModel principal, string? dependentNavigation, ImmutableArray<string>? key = null)
    {
        var principalKey = key ?? principal.EffectivePrimaryKey;
        if (principalKey.IsDefaultOrEmpty)
        {
            return ImmutableArray<string>.Empty;
        }

        var prefixes = dependentNavigation is null
            ? new[] { principal.Name }
            : new[] { dependentNavigation, principal.Name };
        foreach (var prefix in prefixes)
        {
            var found = ImmutableArray.CreateBuilder<string>(principalKey.Length);
            foreach (var keyPart in principalKey)
            {
                var match = FindScalar(dependent, prefix + keyPart);
                if (match is null && principalKey.Length == 1)
                {
                    match = FindScalar(dependent, prefix + "Id");
                }

                if (match is null)
                {
                    break;
                }

                found.Add(match);
            }

            if (found.Count == principalKey.Length)
            {
                return found.ToImmutable();
            }
        }

        return ImmutableArray<string>.Empty;
    }

    private static string? FindScalar(EntityModel entity, string name)
    {
        foreach (var property in entity.ScalarProperties)
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Name;
            }
        }

        foreach (var shadow in entity.ShadowProperties.Keys)
        {
            if (string.Equals(shadow, name, StringComparison.OrdinalIgnoreCase))
            {
                return shadow;
            }
        }

        return null;
    }

    private void Attach(RelationshipModel relationship, EntityModel entity, NavigationModel? navigation, EntityModel target, NavigationModel? inverse)
    {
        _model.Relationships.Add(relationship);
        if (navigation is not null)
        {
            navigation.Relationship = relationship;
            _claimed.Add(navigation);
        }

        if (inverse is not null)
        {
            inverse.Relationship = relationship;
            _claimed.Add(inverse);
        }
    }
}
