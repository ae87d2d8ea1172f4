using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Joins what the compilation's symbols say (DbSets, configuration classes, annotations, navigations)
/// with the fluent facts of every tree and EF Core's conventions into an <see cref="EfModel"/>.
/// </summary>
internal sealed class EfModelBuilder
{
    private readonly EfSymbols _symbols;
    private readonly EfModel _model;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, INamedTypeSymbol> _sourceTypesByKey = new(StringComparer.Ordinal);
    private readonly List<ConfigFact> _facts = new();
    private readonly HashSet<string> _ownedTypeKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _complexTypeKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<ITypeSymbol, string> _dbSetNames = new(SymbolEqualityComparer.Default);

    // nearest configuration sites in source, for entities with members declared in another assembly
    private readonly Dictionary<ITypeSymbol, Location> _configurationClassSites = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, Location> _entityCallSites = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, Location> _dbSetSites = new(SymbolEqualityComparer.Default);

    // exposed by a DbSet of a context compiled into another assembly (IdentityDbContext's Users): its compiled
    // OnModelCreating, which the model cannot read, may configure their members
    private readonly HashSet<ITypeSymbol> _configuredByCompiledContext = new(SymbolEqualityComparer.Default);

    private EfModelBuilder(EfSymbols symbols, CancellationToken cancellationToken)
    {
        _symbols = symbols;
        _model = new EfModel(symbols);
        _cancellationToken = cancellationToken;
    }

    public static EfModel Build(EfSymbols symbols, CancellationToken cancellationToken)
    {
        var builder = new EfModelBuilder(symbols, cancellationToken);
        builder.Run();
        return builder._model;
    }

    private void Run()
    {
        _model.Providers = DetectProviders(_symbols.Compilation);

        var candidates = new List<INamedTypeSymbol>();
        CollectSourceTypes(_symbols.Compilation.Assembly.GlobalNamespace, candidates);

        var factTrees = new List<SyntaxTree>();
        foreach (var tree in _symbols.Compilation.SyntaxTrees)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var facts = FluentConfigurationReader.Read(tree, _symbols, _cancellationToken);
            if (!facts.IsEmpty)
            {
                _facts.AddRange(facts);
                factTrees.Add(tree);
            }
        }

        ApplyModelLevelFacts(candidates);
        DiscoverEntities(candidates);
        foreach (var entity in _model.Entities)
        {
            ReadEntity(entity);
        }

        ApplyEntityFacts();
        foreach (var entity in _model.Entities)
        {
            ResolvePrimaryKey(entity);
        }

        new RelationshipDiscovery(_model, _facts, Resolve).Run();
        ResolveRequiredness();
        AssignExternalSites();
        _model.Seal(factTrees);
    }

    private static DatabaseProvider DetectProviders(Compilation compilation)
    {
        var providers = DatabaseProvider.None;
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            providers |= assembly.Name switch
            {
                "Microsoft.EntityFrameworkCore.SqlServer" => DatabaseProvider.SqlServer,
                "Npgsql.EntityFrameworkCore.PostgreSQL" => DatabaseProvider.PostgreSql,
                "Microsoft.EntityFrameworkCore.Sqlite" => DatabaseProvider.Sqlite,
                "Pomelo.EntityFrameworkCore.MySql" or "MySql.EntityFrameworkCore" or "MySql.Data.EntityFrameworkCore" => DatabaseProvider.MySql,
                "Microsoft.EntityFrameworkCore.Cosmos" => DatabaseProvider.Cosmos,
                "Microsoft.EntityFrameworkCore.InMemory" => DatabaseProvider.InMemory,
                "Oracle.EntityFrameworkCore" => DatabaseProvider.Oracle,
                _ => DatabaseProvider.None,
            };
        }

        return providers;
    }

    /// <summary>DbContexts, their DbSets and configuration classes, from declarations only (no body is bound).</summary>
    private void CollectSourceTypes(INamespaceOrTypeSymbol container, List<INamedTypeSymbol> candidates)
    {
        foreach (var member in container.GetMembers())
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (member is INamespaceSymbol ns)
            {
                CollectSourceTypes(ns, candidates);
                continue;
            }

            if (member is not INamedTypeSymbol type)
            {
                continue;
            }

            _sourceTypesByKey[type.GetTypeKey()] = type;
            if (type.TypeKind == TypeKind.Class && type.MayHaveBaseList())
            {
                if (_symbols.IsDbContext(type))
                {
                    _model.BuiltContexts.Add(type);
                    foreach (var property in type.GetInstanceProperties())
                    {
                        if (_symbols.GetDbSetElementType(property.Type) is INamedTypeSymbol entity)
                        {
                            candidates.Add(entity);
                            if (!_dbSetNames.ContainsKey(entity.OriginalDefinition))
                            {
                                _dbSetNames[entity.OriginalDefinition] = property.Name;
                            }

                            if (!SymbolEqualityComparer.Default.Equals(property.ContainingAssembly, _symbols.Compilation.Assembly))
                            {
                                _configuredByCompiledContext.Add(entity.OriginalDefinition);
                            }
                            else if (!_dbSetSites.ContainsKey(entity.OriginalDefinition) && property.Locations.Length > 0)
                            {
                                _dbSetSites[entity.OriginalDefinition] = property.Locations[0];
                            }
                        }
                    }
                }
                else if (_symbols.IEntityTypeConfiguration is { } configuration)
                {
                    foreach (var implemented in type.AllInterfaces)
                    {
                        if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, configuration) &&
                            implemented.TypeArguments[0] is INamedTypeSymbol configured)
                        {
                            candidates.Add(configured);
                            if (!_configurationClassSites.ContainsKey(configured.OriginalDefinition) && type.Locations.Length > 0)
                            {
                                _configurationClassSites[configured.OriginalDefinition] = type.Locations[0];
                            }
                        }
                    }
                }
            }

            if (type.GetTypeMembers().Length > 0)
            {
                CollectSourceTypes(type, candidates);
            }
        }
    }

    private INamedTypeSymbol? Resolve(string? key)
    {
        if (key is null)
        {
            return null;
        }

        return _sourceTypesByKey.TryGetValue(key, out var type) ? type : _symbols.Compilation.GetTypeByMetadataName(key);
    }

    private void ApplyModelLevelFacts(List<INamedTypeSymbol> candidates)
    {
        foreach (var fact in _facts)
        {
            switch (fact.Kind)
            {
                case ConfigFactKind.EntityDeclared:
                case ConfigFactKind.EntityBlock:
                    if (Resolve(fact.Entity) is { } declared)
                    {
                        candidates.Add(declared);
                        if (fact.Kind == ConfigFactKind.EntityDeclared && !_entityCallSites.ContainsKey(declared.OriginalDefinition))
                        {
                            _entityCallSites[declared.OriginalDefinition] = fact.Location;
                        }
                    }

                    break;
                case ConfigFactKind.Owned:
                    if (fact.Target is not null)
                    {
                        _ownedTypeKeys.Add(fact.Target);
                    }

                    break;
                case ConfigFactKind.Relationship:
                    // HasMany<Tag>().WithOne(): EF Core adds the related type to the model even without a navigation
                    if (Resolve(fact.Target) is { } related)
                    {
                        candidates.Add(related);
                    }

                    break;
                case ConfigFactKind.ConventionRemoved:
                    _model.RemovedConventions.Add(fact.Name!);
                    break;
                case ConfigFactKind.BulkConvention:
                    _model.BulkConventions.Add(fact);
                    break;
                case ConfigFactKind.LoopQueryFilter:
                    _model.LoopQueryFilters.Add(fact);
                    break;
                case ConfigFactKind.LazyLoading:
                    _model.LazyLoadingEnabled = true;
                    break;
                case ConfigFactKind.SplitQueryDefault:
                    _model.SplitQueryByDefault = true;
                    break;
            }
        }
    }

    /// <summary>The declared entity types and everything their navigations reach (EF Core's discovery).</summary>
    private void DiscoverEntities(List<INamedTypeSymbol> candidates)
    {
        var queue = new Queue<INamedTypeSymbol>();
        foreach (var candidate in candidates)
        {
            Enqueue(candidate);
        }

        while (queue.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var type = queue.Dequeue();
            foreach (var property in type.GetInstanceProperties())
            {
                if (IsMappedCandidate(property) && GetNavigationTarget(property.Type, out _) is { } target)
                {
                    Enqueue(target);
                }
            }
        }

        // Base types that are entities make a hierarchy; derived ones share the root's key.
        foreach (var entity in _model.Entities)
        {
            for (var b = entity.Type.BaseType; b is not null; b = b.BaseType)
            {
                if (_model.GetEntity(b) is { } baseEntity)
                {
                    entity.BaseEntity = baseEntity;
                    break;
                }
            }
        }

        void Enqueue(INamedTypeSymbol type)
        {
            type = (INamedTypeSymbol)type.OriginalDefinition;
            if (type.TypeKind != TypeKind.Class || type.IsStatic || _model.EntityMap.ContainsKey(type) ||
                type.HasAttribute(_symbols.NotMappedAttribute) || type.HasAttribute(_symbols.ComplexTypeAttribute) ||
                _symbols.IsDbContext(type))
            {
                return;
            }

            var entity = new EntityModel(type)
            {
                IsOwned = type.HasAttribute(_symbols.OwnedAttribute) || _ownedTypeKeys.Contains(type.GetTypeKey()),
                IsKeyless = type.HasAttribute(_symbols.KeylessAttribute),
                DbSetName = _dbSetNames.TryGetValue(type, out var dbSetName) ? dbSetName : null,
            };
            _model.EntityMap[type] = entity;
            queue.Enqueue(type);
        }
    }

    /// <summary>
    /// The entity a property navigates to: a class outside the framework (reference navigation), or the
    /// element of a collection of such classes.
    /// </summary>
    internal INamedTypeSymbol? GetNavigationTarget(ITypeSymbol type, out bool isCollection) =>
        NavigationTypes.GetNavigationTarget(type, _symbols, out isCollection);

    private bool IsMappedCandidate(IPropertySymbol property) =>
        property.DeclaredAccessibility == Accessibility.Public && property.GetMethod is not null &&
        !property.HasAttribute(_symbols.NotMappedAttribute);

    private void ReadEntity(EntityModel entity)
    {
        var type = entity.Type;
        if (type.GetAttribute(_symbols.TableAttribute) is { ConstructorArguments.Length: > 0 } table &&
            table.ConstructorArguments[0].Value is string tableName)
        {
            entity.TableName = tableName;
        }

        if (type.GetAttribute(_symbols.PrimaryKeyAttribute) is { } primaryKey)
        {
            entity.PrimaryKey = ReadNames(primaryKey);
        }

        var indexAttributes = _symbols.IndexAttribute is not null && type.MayHaveAttribute(_symbols.IndexAttribute.Name)
            ? type.GetAttributes()
            : ImmutableArray<AttributeData>.Empty;
        foreach (var attribute in indexAttributes)
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _symbols.IndexAttribute))
            {
                var unique = false;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "IsUnique" && named.Value.Value is true)
                    {
                        unique = true;
                    }
                }

                entity.Indexes.Add(new IndexModel(ReadNames(attribute), isFiltered: false, unique, attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation()));
            }
        }

        foreach (var property in type.GetInstanceProperties())
        {
            if (!IsMappedCandidate(property))
            {
                if (property.HasAttribute(_symbols.NotMappedAttribute))
                {
                    entity.IgnoredMembers.Add(property.Name);
                }

                continue;
            }

            if (GetNavigationTarget(property.Type, out var isCollection) is { } target && _model.GetEntity(target) is { } targetEntity)
            {
                entity.Navigations.Add(new NavigationModel(entity, property, targetEntity, isCollection));
                continue;
            }

            // Scalars need a setter (EF Core does not map get-only properties by convention).
            if (property.SetMethod is null && !MayHaveHiddenSetter(property))
            {
                continue;
            }

            entity.BuiltScalarProperties.Add(property);
            if (property.GetAttribute(_symbols.ColumnAttribute) is { ConstructorArguments.Length: > 0 } column &&
                column.ConstructorArguments[0].Value is string columnName)
            {
                entity.ColumnNames[property.Name] = columnName;
            }
        }

        if (_symbols.ILazyLoader is { } lazyLoader)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, lazyLoader))
                    {
                        _model.LazyLoadingEnabled = true;
                    }
                }
            }
        }
    }

    /// <summary>
    /// An auto-property of a compiled reference with no visible setter: its private setter (<c>{ get; private set; }</c>,
    /// the usual shape of a domain entity) is not part of the reference's public metadata, so it cannot be told
    /// from a get-only auto-property; taken as mapped, as the former is far more common on entities.
    /// </summary>
    private static bool MayHaveHiddenSetter(IPropertySymbol property)
    {
        if (!property.DeclaringSyntaxReferences.IsEmpty || property.GetMethod is not { } getter)
        {
            return false;
        }

        foreach (var attribute in getter.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "CompilerGeneratedAttribute" })
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<string> ReadNames(AttributeData attribute)
    {
        var names = ImmutableArray.CreateBuilder<string>();
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Array)
            {
                foreach (var element in argument.Values)
                {
                    if (element.Value is string name)
                    {
                        names.Add(name);
                    }
                }
            }
            else if (argument.Value is string single)
            {
                names.Add(single);
            }
        }

        return names.ToImmutable();
    }

    private void ApplyEntityFacts()
    {
        foreach (var fact in _facts)
        {
            if (fact.Entity == ConfigFact.GenericEntity)
            {
                foreach (var entity in _model.Entities)
                {
                    if (SatisfiesAll(entity.Type, fact.Types))
                    {
                        ApplyEntityFact(fact, entity);
                    }
                }

                continue;
            }

            if (fact.Entity is null || Resolve(fact.Entity) is not { } type || _model.GetEntity(type) is not { } target)
            {
                continue;
            }

            ApplyEntityFact(fact, target);
        }

        ApplyLoopQueryFilters();
    }

    private bool SatisfiesAll(INamedTypeSymbol type, ImmutableArray<string> constraints)
    {
        foreach (var key in constraints)
        {
            if (Resolve(key) is not { } constraint || !(type.IsOrInheritsFrom(constraint) || Implements(type, constraint)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol candidate)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, candidate))
            {
                return true;
            }
        }

        return false;
    }

    private void ApplyEntityFact(ConfigFact fact, EntityModel entity)
    {
        switch (fact.Kind)
        {
            case ConfigFactKind.EntityBlock:
                entity.ConfigurationBlocks.Add(fact);
                break;
            case ConfigFactKind.Key when fact.Flag:
                entity.PrimaryKey = fact.Members;
                break;
            case ConfigFactKind.Key:
                entity.AlternateKeys.Add(fact.Members);
                break;
            case ConfigFactKind.NoKey:
                entity.IsKeyless = true;
                break;
            case ConfigFactKind.Index:
                entity.Indexes.Add(new IndexModel(fact.Members, fact.Flag, fact.Flag2, fact.Location));
                break;
            case ConfigFactKind.Ignore:
                foreach (var member in fact.Members)
                {
                    entity.IgnoredMembers.Add(member);
                    entity.BuiltScalarProperties.RemoveAll(p => p.Name == member);
                    entity.Navigations.RemoveAll(n => n.Name == member);
                }

                break;
            case ConfigFactKind.ToTable:
                entity.TableName = fact.Name;
                break;
            case ConfigFactKind.ColumnName:
                entity.ColumnNames[fact.Members[0]] = fact.Name!;
                break;
            case ConfigFactKind.ShadowProperty:
                if (entity.FindProperty(fact.Name!) is null)
                {
                    entity.ShadowProperties[fact.Name!] = fact.Target;
                }

                break;
            case ConfigFactKind.PropertyFacet:
                entity.PropertyFacets.Add(fact);
                break;
            case ConfigFactKind.QueryFilter:
                entity.QueryFilters.Add(new QueryFilterModel(fact.Name, fact.Members, fact.Location, fromLoop: false));
                break;
            case ConfigFactKind.Discriminator:
                entity.DiscriminatorConfigured = true;
                break;
            case ConfigFactKind.Temporal:
                entity.Temporal = fact;
                break;
            case ConfigFactKind.AutoInclude when fact.Name is not null:
                entity.AutoIncludedNavigations.Add(fact.Name);
                break;
            case ConfigFactKind.Owned when fact.Name is not null:
                // the owning navigation is not a relationship to an entity of its own
                break;
        }
    }

    private void ApplyLoopQueryFilters()
    {
        foreach (var loop in _model.LoopQueryFilters)
        {
            foreach (var entity in _model.Entities)
            {
                if (LoopCovers(loop, entity.Type))
                {
                    entity.QueryFilters.Add(new QueryFilterModel(loop.Name, loop.Members, loop.Location, fromLoop: true));
                }
            }
        }
    }

    private bool LoopCovers(ConfigFact loop, INamedTypeSymbol type)
    {
        if (loop.Types.IsDefaultOrEmpty)
        {
            return true;
        }

        foreach (var key in loop.Types)
        {
            if (Resolve(key) is not { } tested)
            {
                continue;
            }

            if (type.IsOrInheritsFrom(tested))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, tested))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Gives every entity with mapped members declared in another assembly (a Domain project, a shared kernel's
    /// base class) its nearest configuration site in source: configuration class, else <c>Entity&lt;T&gt;()</c>
    /// call, else DbSet property (see <see cref="ConfigurationSite"/>).
    /// </summary>
    private void AssignExternalSites()
    {
        foreach (var entity in _model.Entities)
        {
            var type = entity.Type;
            if (_configuredByCompiledContext.Contains(type) || !HasExternalMember(entity))
            {
                continue;
            }

            entity.ExternalSite =
                _configurationClassSites.TryGetValue(type, out var configurationClass) ? new ConfigurationSite(ConfigurationSiteKind.ConfigurationClass, configurationClass) :
                _entityCallSites.TryGetValue(type, out var call) ? new ConfigurationSite(ConfigurationSiteKind.EntityCall, call) :
                _dbSetSites.TryGetValue(type, out var dbSet) ? new ConfigurationSite(ConfigurationSiteKind.DbSetProperty, dbSet) :
                null;
        }
    }

    private bool HasExternalMember(EntityModel entity)
    {
        foreach (var _ in _model.GetExternalMembers(entity))
        {
            return true;
        }

        return false;
    }

    /// <summary>Sets <see cref="RelationshipModel.RequiredBy"/> on every one-to-many and one-to-one relationship.</summary>
    private void ResolveRequiredness()
    {
        // fluent IsRequired(..) on a relationship chain (by the chain's location) or on Navigation(..) (by dependent + navigation)
        var fluentByLocation = new Dictionary<Location, bool>();
        var navigationRequired = new Dictionary<(string Entity, string Navigation), bool>();
        foreach (var fact in _facts)
        {
            if (fact.Kind == ConfigFactKind.Relationship && fact.Relationship?.Required is { } required)
            {
                fluentByLocation[fact.Location] = required;
            }
            else if (fact.Kind == ConfigFactKind.NavigationRequired && fact.Entity is not null && fact.Name is not null)
            {
                navigationRequired[(fact.Entity, fact.Name)] = fact.Flag;
            }
        }

        foreach (var relationship in _model.Relationships)
        {
            if (relationship.IsManyToMany || _model.GetEntity(relationship.Dependent) is not { } dependent)
            {
                continue;
            }

            var navigation = relationship.DependentNavigation is null ? null : dependent.FindNavigation(relationship.DependentNavigation);
            bool? explicitRequired = relationship.Location is not null && fluentByLocation.TryGetValue(relationship.Location, out var byChain) ? byChain : null;
            if (explicitRequired is null && navigation is not null &&
                navigationRequired.TryGetValue((dependent.Type.GetTypeKey(), navigation.Name), out var byNavigation))
            {
                explicitRequired = byNavigation;
            }

            relationship.RequiredBy = explicitRequired switch
            {
                true => RequiredReason.Fluent,
                false => RequiredReason.None,
                null when navigation is not null && navigation.Property.HasAttribute(_symbols.RequiredAttribute) => RequiredReason.RequiredAttribute,
                null when ForeignKeyNullability(dependent, relationship.ForeignKey) is { } nullable =>
                    nullable ? RequiredReason.None : RequiredReason.NonNullableForeignKey,
                null when navigation is not null && !navigation.IsCollection &&
                          navigation.Property.Type.IsReferenceType && navigation.Property.NullableAnnotation == NullableAnnotation.NotAnnotated
                    => RequiredReason.NonNullableNavigation,
                _ => RequiredReason.None,
            };
        }
    }

    /// <summary>
    /// Whether the foreign key's CLR properties accept null (EF Core then makes the relationship optional, whatever the
    /// navigation's nullability says); null when the key is a shadow property, so the navigation decides.
    /// </summary>
    private static bool? ForeignKeyNullability(EntityModel dependent, ImmutableArray<string> foreignKey)
    {
        if (foreignKey.IsDefaultOrEmpty)
        {
            return null;
        }

        foreach (var name in foreignKey)
        {
            var property = dependent.FindProperty(name);
            for (var e = dependent.BaseEntity; property is null && e is not null; e = e.BaseEntity)
            {
                property = e.FindProperty(name);
            }

            if (property is null)
            {
                return null;
            }

            var type = property.Type;
            var nullable = type.IsReferenceType
                ? property.NullableAnnotation != NullableAnnotation.NotAnnotated
                : type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;
            if (nullable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>HasKey / [PrimaryKey] / [Key] / EF Core's convention: "Id" or "{Type}Id" (case-insensitive).</summary>
    private void ResolvePrimaryKey(EntityModel entity)
    {
        if (!entity.PrimaryKey.IsEmpty || entity.IsKeyless || entity.BaseEntity is not null)
        {
            return;
        }

        var keys = ImmutableArray.CreateBuilder<string>();
        foreach (var property in entity.ScalarProperties)
        {
            if (property.HasAttribute(_symbols.KeyAttribute))
            {
                keys.Add(property.Name);
            }
        }

        if (keys.Count > 0)
        {
            entity.PrimaryKey = keys.ToImmutable();
            return;
        }

        if (entity.IsOwned)
        {
            return;
        }

        IPropertySymbol? byTypeName = null;
        foreach (var property in entity.ScalarProperties)
        {
            if (string.Equals(property.Name, "Id", StringComparison.OrdinalIgnoreCase))
            {
                entity.PrimaryKey = ImmutableArray.Create(property.Name);
                return;
            }

            if (string.Equals(property.Name, entity.Name + "Id", StringComparison.OrdinalIgnoreCase))
            {
                byTypeName = property;
            }
        }

        if (byTypeName is not null)
        {
            entity.PrimaryKey = ImmutableArray.Create(byTypeName.Name);
        }
    }
}
