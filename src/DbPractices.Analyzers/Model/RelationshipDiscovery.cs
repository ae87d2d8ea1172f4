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

    /// <summary>Navigations configured by HasOne/HasMany without WithOne/WithMany: EF Core still offers them as inverse candidates.</summary>
    private readonly HashSet<NavigationModel> _open = new();

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

        // [InverseProperty] pairs first (EF Core's attribute convention runs before relationship discovery).
        foreach (var entity in _model.Entities)
        {
            if (entity.IsOwned)
            {
                continue;
            }

            foreach (var navigation in entity.Navigations)
            {
                if (!_claimed.Contains(navigation) && InversePropertyName(navigation.Property) is not null)
                {
                    AddByAnnotationOrConvention(entity, navigation);
                }
            }
        }

        MarkAmbiguous();

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

    /// <summary>
    /// EF Core's RelationshipDiscoveryConvention pairs navigations between two types only when exactly one
    /// unpaired navigation points each way (for a self-reference: exactly two); when there are navigations in
    /// both directions and more than one on either side (three or more self-references), it pairs none of them
    /// and model building throws "Unable to determine the relationship represented by navigation".
    /// A <c>[ForeignKey]</c> does not pair navigations (checked against EF Core 10); <c>[InverseProperty]</c> and
    /// fluent <c>HasOne/HasMany(..).WithOne/WithMany(..)</c> chains do.
    /// </summary>
    private void MarkAmbiguous()
    {
        foreach (var entity in _model.Entities)
        {
            if (entity.IsOwned || entity.IsKeyless)
            {
                continue;
            }

            var groups = new Dictionary<EntityModel, List<NavigationModel>>();
            foreach (var navigation in entity.Navigations)
            {
                if (_claimed.Contains(navigation) && !_open.Contains(navigation))
                {
                    continue;
                }

                if (_model.GetEntity(navigation.Target) is not { IsOwned: false, IsKeyless: false } target)
                {
                    continue;
                }

                if (!groups.TryGetValue(target, out var list))
                {
                    groups[target] = list = new List<NavigationModel>();
                }

                list.Add(navigation);
            }

            foreach (var pair in groups)
            {
                var target = pair.Key;
                var forward = pair.Value;
                List<NavigationModel> back;
                bool ambiguous;
                if (ReferenceEquals(target, entity))
                {
                    back = forward;
                    ambiguous = forward.Count >= 3;
                }
                else
                {
                    back = new List<NavigationModel>();
                    foreach (var candidate in target.Navigations)
                    {
                        if ((!_claimed.Contains(candidate) || _open.Contains(candidate)) && PointsTo(candidate, entity))
                        {
                            back.Add(candidate);
                        }
                    }

                    ambiguous = back.Count > 0 && (forward.Count > 1 || back.Count > 1);
                }

                if (!ambiguous)
                {
                    continue;
                }

                foreach (var navigation in forward)
                {
                    if (_claimed.Contains(navigation))
                    {
                        continue;
                    }

                    navigation.IsAmbiguous = true;
                    foreach (var candidate in back)
                    {
                        if (!ReferenceEquals(candidate, navigation) && !_claimed.Contains(candidate))
                        {
                            navigation.AddAmbiguousInverse(candidate);
                        }
                    }
                }
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
            relationship = new RelationshipModel(entity, target) { IsManyToMany = true, PrincipalNavigation = r.Navigation, DependentNavigation = r.Inverse };
        }
        else if (r.IsCollection)
        {
            relationship = new RelationshipModel(entity, target) { PrincipalNavigation = r.Navigation, DependentNavigation = r.Inverse };
        }
        else if (!r.WithCalled || r.InverseIsCollection)
        {
            relationship = new RelationshipModel(target, entity) { PrincipalNavigation = r.Inverse, DependentNavigation = r.Navigation };
        }
        else
        {
            // one-to-one: the dependent is named by HasForeignKey<T>/HasPrincipalKey<T>, else found by its key
            var dependentIsTarget = r.DependentHint is not null
                ? r.DependentHint == target.Type.GetTypeKey()
                : r.ForeignKey.IsEmpty
                    ? FindConventionalForeignKey(target, entity, r.Inverse, out _).Length > 0 && FindConventionalForeignKey(entity, target, r.Navigation, out _).Length == 0
                    : target.FindProperty(r.ForeignKey[0]) is not null && entity.FindProperty(r.ForeignKey[0]) is null;
            relationship = dependentIsTarget
                ? new RelationshipModel(entity, target) { PrincipalNavigation = r.Navigation, DependentNavigation = r.Inverse }
                : new RelationshipModel(target, entity) { PrincipalNavigation = r.Inverse, DependentNavigation = r.Navigation };
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
            var incompatible = ImmutableArray<string>.Empty;
            relationship.ForeignKey = !r.ForeignKey.IsEmpty
                ? r.ForeignKey
                : FindForeignKey(dependent, principal, relationship.DependentNavigation, relationship.PrincipalNavigation, relationship.PrincipalKey, out incompatible);
            relationship.IncompatibleForeignKey = incompatible;
            if (!r.PrincipalKey.IsEmpty && !StartsWithPrimaryKey(principal, r.PrincipalKey))
            {
                principal.AddAlternateKey(r.PrincipalKey);
            }
        }

        if (!r.WithCalled && navigation is not null)
        {
            _open.Add(navigation);
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
            relationship = new RelationshipModel(entity, target) { IsManyToMany = true, PrincipalNavigation = navigation.Name, DependentNavigation = inverse.Name };
            Attach(relationship, entity, navigation, target, inverse);
            return;
        }

        if (navigation.IsCollection)
        {
            (principal, dependent) = (entity, target);
            relationship = new RelationshipModel(entity, target) { PrincipalNavigation = navigation.Name, DependentNavigation = inverse?.Name };
        }
        else if (inverse is null && IsInvertedOneToOne(entity, navigation, target))
        {
            // Blog.Header without a navigation back, BlogHeader.BlogId: EF Core makes it one-to-one with BlogHeader dependent
            (principal, dependent) = (entity, target);
            relationship = new RelationshipModel(entity, target) { PrincipalNavigation = navigation.Name, IsOneToOne = true };
        }
        else if (inverse is null || inverse.IsCollection)
        {
            (principal, dependent) = (target, entity);
            relationship = new RelationshipModel(target, entity) { PrincipalNavigation = inverse?.Name, DependentNavigation = navigation.Name };
        }
        else
        {
            // one-to-one by convention: the side with a [ForeignKey] or a conventional key is the dependent
            var entityKey = FindForeignKey(entity, target, navigation.Name, inverse.Name, target.EffectivePrimaryKey, out _);
            var targetKey = FindForeignKey(target, entity, inverse.Name, navigation.Name, entity.EffectivePrimaryKey, out _);
            var entityIsDependent = entityKey.Length > 0 || targetKey.Length == 0;
            (principal, dependent) = entityIsDependent ? (target, entity) : (entity, target);
            relationship = entityIsDependent
                ? new RelationshipModel(target, entity) { PrincipalNavigation = inverse.Name, DependentNavigation = navigation.Name }
                : new RelationshipModel(entity, target) { PrincipalNavigation = navigation.Name, DependentNavigation = inverse.Name };
            relationship.IsOneToOne = true;
        }

        relationship.PrincipalKey = principal.EffectivePrimaryKey;
        relationship.ForeignKey = FindForeignKey(dependent, principal, relationship.DependentNavigation, relationship.PrincipalNavigation, relationship.PrincipalKey, out var incompatibleKey);
        relationship.IncompatibleForeignKey = incompatibleKey;
        relationship.Source = HasRelationshipAnnotation(navigation) || (inverse is not null && HasRelationshipAnnotation(inverse))
            ? ConfigurationSource.DataAnnotation
            : ConfigurationSource.Convention;
        Attach(relationship, entity, navigation, target, inverse);
    }

    /// <summary>
    /// A reference navigation with no inverse whose own side has no foreign key for the target while the target has one
    /// named after this entity (<c>{Entity}{PK}</c>, <c>{Entity}Id</c>): EF Core inverts it into a one-to-one whose
    /// dependent is the target (checked against EF Core 10, the docs' "no navigation to principal" samples).
    /// </summary>
    private bool IsInvertedOneToOne(EntityModel entity, NavigationModel navigation, EntityModel target) =>
        !navigation.IsAmbiguous && !ReferenceEquals(entity, target) && !HasRelationshipAnnotation(navigation) &&
        ConventionCandidates(entity, target, null).Count == 1 && ConventionCandidates(target, entity, null).Count == 0 &&
        FindConventionalForeignKey(entity, target, navigation.Name, out var ownIncompatible).IsEmpty && ownIncompatible.IsEmpty &&
        !FindConventionalForeignKey(target, entity, null, out _).IsEmpty;

    private bool HasRelationshipAnnotation(NavigationModel navigation) =>
        navigation.Property.HasAttribute(Symbols.InversePropertyAttribute) || navigation.Property.HasAttribute(Symbols.ForeignKeyAttribute);

    /// <summary>
    /// [InverseProperty] on either side, else the one unclaimed navigation pointing back when EF Core's
    /// convention pairs them (exactly one each way; exactly two self-references); none when ambiguous.
    /// </summary>
    private NavigationModel? FindInverse(EntityModel entity, NavigationModel navigation, EntityModel target)
    {
        if (InversePropertyName(navigation.Property) is { } named)
        {
            var explicitInverse = target.FindNavigation(named);
            return explicitInverse is not null && !_claimed.Contains(explicitInverse) ? explicitInverse : null;
        }

        foreach (var back in target.Navigations)
        {
            if (!ReferenceEquals(back, navigation) && !_claimed.Contains(back) && PointsTo(back, entity) &&
                InversePropertyName(back.Property) == navigation.Name)
            {
                return back;
            }
        }

        if (navigation.IsAmbiguous)
        {
            return null;
        }

        var backCandidates = ConventionCandidates(target, entity, navigation);
        if (ReferenceEquals(entity, target))
        {
            // the two self-references of a type pair with each other (Manager/Reports, Previous/Next)
            return backCandidates.Count == 1 && ConventionCandidates(entity, target, null).Count == 2 ? backCandidates[0] : null;
        }

        return backCandidates.Count == 1 && ConventionCandidates(entity, target, null).Count == 1 ? backCandidates[0] : null;
    }

    /// <summary>Unpaired navigations of <paramref name="from"/> pointing at <paramref name="to"/>, without [InverseProperty].</summary>
    private List<NavigationModel> ConventionCandidates(EntityModel from, EntityModel to, NavigationModel? except)
    {
        var result = new List<NavigationModel>();
        foreach (var candidate in from.Navigations)
        {
            if (!ReferenceEquals(candidate, except) && (!_claimed.Contains(candidate) || _open.Contains(candidate)) &&
                PointsTo(candidate, to) && InversePropertyName(candidate.Property) is null)
            {
                result.Add(candidate);
            }
        }

        return result;
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
    private ImmutableArray<string> FindForeignKey(EntityModel dependent, EntityModel principal, string? dependentNavigation, string? principalNavigation, ImmutableArray<string> principalKey, out ImmutableArray<string> incompatible)
    {
        incompatible = ImmutableArray<string>.Empty;
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

        return FindConventionalForeignKey(dependent, principal, dependentNavigation, out incompatible, principalKey);
    }

    /// <summary>
    /// EF Core's conventional foreign key: <c>{Nav}{PK}</c>, <c>{Nav}Id</c>, <c>{Principal}{PK}</c>, <c>{Principal}Id</c>
    /// (ignoring case), taking the first whose types match the principal key (nullability aside). Names that match
    /// but whose types differ are returned in <paramref name="incompatible"/> when no compatible key is found:
    /// EF Core then ignores them and creates a shadow key.
    /// </summary>
    private ImmutableArray<string> FindConventionalForeignKey(EntityModel dependent, EntityModel principal, string? dependentNavigation, out ImmutableArray<string> incompatible, ImmutableArray<string>? key = null)
    {
        incompatible = ImmutableArray<string>.Empty;
        var principalKey = key ?? principal.EffectivePrimaryKey;
        if (principalKey.IsDefaultOrEmpty)
        {
            return ImmutableArray<string>.Empty;
        }

        var prefixes = dependentNavigation is null
            ? new[] { principal.Name }
            : new[] { dependentNavigation, principal.Name };
        ImmutableArray<string>.Builder? mismatched = null;
        foreach (var prefix in prefixes)
        {
            var found = ImmutableArray.CreateBuilder<string>(principalKey.Length);
            foreach (var keyPart in principalKey)
            {
                var match = FindCompatibleScalar(dependent, prefix + keyPart, principal, keyPart, ref mismatched);
                if (match is null && principalKey.Length == 1)
                {
                    match = FindCompatibleScalar(dependent, prefix + "Id", principal, keyPart, ref mismatched);
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

        if (mismatched is not null)
        {
            incompatible = mismatched.ToImmutable();
        }

        return ImmutableArray<string>.Empty;
    }

    private static string? FindCompatibleScalar(EntityModel dependent, string name, EntityModel principal, string keyPart, ref ImmutableArray<string>.Builder? mismatched)
    {
        var match = FindScalar(dependent, name);
        if (match is null)
        {
            return null;
        }

        if (dependent.FindProperty(match) is { } property && principal.FindProperty(keyPart) is { } keyProperty &&
            !SymbolEqualityComparer.Default.Equals(property.Type.UnwrapNullable(), keyProperty.Type.UnwrapNullable()))
        {
            mismatched ??= ImmutableArray.CreateBuilder<string>();
            if (!mismatched.Contains(match))
            {
                mismatched.Add(match);
            }

            return null;
        }

        return match;
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
        _model.AddRelationship(relationship);
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
