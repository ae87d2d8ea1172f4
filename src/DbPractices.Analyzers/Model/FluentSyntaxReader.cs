using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Reads a configuration method from syntax when every statement is a fluent shape it decides completely, and
/// gives the same facts in the same order as binding the body would (<see cref="FluentConfigurationReader"/>):
/// chains on an <c>EntityTypeBuilder&lt;T&gt;</c> parameter (<c>HasKey</c>, <c>HasIndex(..).IsUnique()</c>,
/// <c>Property(..).IsRequired().HasMaxLength(..)</c>, <c>HasOne(..).WithMany(..).HasForeignKey(..)</c>,
/// <c>ToTable</c>, <c>Ignore</c>, <c>HasQueryFilter</c>, <c>Navigation</c>, ...) and, on a <c>ModelBuilder</c>,
/// <c>Entity&lt;T&gt;()</c> chains and blocks, <c>ApplyConfiguration(new X())</c>,
/// <c>ApplyConfigurationsFromAssembly(..)</c> and <c>base.OnModelCreating(..)</c>.
/// <para>
/// Binding a configuration body (its lambdas' overload resolution and the nullable analysis of the whole method)
/// was most of the cold model build. Here only type names are bound, speculatively at the method's declaration,
/// and lambda members are looked up on the entity's symbol. Anything else (a shape it does not know, a call of a
/// method declared in this compilation, an argument it cannot read without binding, a type parameter) makes it
/// give up, and the body is bound as before.
/// </para>
/// </summary>
internal sealed class FluentSyntaxReader
{
    /// <summary>Calls on <c>EntityTypeBuilder&lt;T&gt;</c> that return the same builder (the chain goes on at entity level).</summary>
    private static readonly HashSet<string> EntityReturning = new(StringComparer.Ordinal)
    {
        "Ignore", "HasQueryFilter", "ToTable", "HasNoKey", "ToView", "ToSqlQuery", "ToFunction", "HasComment",
        "HasAnnotation", "UsePropertyAccessMode", "HasChangeTrackingStrategy", "HasCheckConstraint",
    };

    /// <summary>Calls on <c>EntityTypeBuilder&lt;T&gt;</c> that return another builder: the rest of the chain configures what they return.</summary>
    private static readonly HashSet<string> EntitySubChains = new(StringComparer.Ordinal)
    {
        "HasKey", "HasAlternateKey", "HasIndex", "Property", "HasOne", "HasMany", "Navigation", "HasData", "PrimitiveCollection",
    };

    /// <summary>Calls on <c>ModelBuilder</c> that return it (with no facts of their own unless listed in <see cref="ReadModelCall"/>).</summary>
    private static readonly HashSet<string> ModelReturning = new(StringComparer.Ordinal)
    {
        "ApplyConfiguration", "ApplyConfigurationsFromAssembly", "HasDefaultSchema", "HasAnnotation", "UseCollation",
    };

    /// <summary>Calls on <c>ModelBuilder</c> that return another builder and give no facts.</summary>
    private static readonly HashSet<string> ModelSubChains = new(StringComparer.Ordinal)
    {
        "HasSequence", "HasPostgresExtension", "HasPostgresEnum",
    };

    /// <summary>Names the bound reader reads facts from whatever the receiver: any of them elsewhere in a statement means binding it.</summary>
    private static readonly HashSet<string> FactNames = new(StringComparer.Ordinal)
    {
        "Entity", "Remove", "Properties", "IsTemporal", "MakeGenericMethod", "ApplyConfiguration", "ApplyConfigurationsFromAssembly",
        "HasKey", "HasAlternateKey", "HasNoKey", "HasIndex", "Ignore", "OwnsOne", "OwnsMany", "ToTable", "ToView", "ToSqlQuery",
        "ToFunction", "Property", "HasOne", "HasMany", "HasQueryFilter", "HasDiscriminator", "Navigation", "ComplexProperty",
        "ComplexCollection", "ToJson", "SetQueryFilter", "GetEntityTypes", "HasPeriodStart", "HasPeriodEnd", "HaveMaxLength",
        "HavePrecision", "HaveColumnType", "HaveConversion", "AreUnicode", "AreFixedLength",
    };

    /// <summary>Calls after a sub-chain's head that its handler reads (<see cref="ReadIndex"/>, <see cref="ReadProperty"/>, ...).</summary>
    private static readonly HashSet<string> FollowerNames = new(StringComparer.Ordinal)
    {
        "HasFilter", "IsUnique", "HasColumnName", "HasMaxLength", "HasPrecision", "HasColumnType", "IsRequired", "HasConversion",
        "IsRowVersion", "IsConcurrencyToken", "WithOne", "WithMany", "HasForeignKey", "HasPrincipalKey", "AutoInclude",
    };

    /// <summary>
    /// Whether this reader knows a method name the bound reader reads: it reads it the same way, or gives up on any
    /// statement that calls it. A test holds every name <see cref="FluentConfigurationReader"/> switches on to this.
    /// </summary>
    internal static bool Knows(string name) =>
        EntityReturning.Contains(name) || EntitySubChains.Contains(name) || ModelReturning.Contains(name) || ModelSubChains.Contains(name) ||
        FactNames.Contains(name) || FollowerNames.Contains(name);

    /// <summary>
    /// Per compilation: whether a method of a name is declared in its source. A lookup walks every type declaration of
    /// the compilation, so its answers are kept for the whole compilation (a few dozen names), not per tree.
    /// </summary>
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, bool>> DeclaredMethods = new();

    private readonly EfSymbols _symbols;
    private readonly SemanticModel _semanticModel;
    private readonly int _typePosition;
    private readonly INamedTypeSymbol? _containingType;
    private readonly CancellationToken _cancellationToken;
    private readonly List<ConfigFact> _facts = new();
    private readonly ConcurrentDictionary<string, bool> _declaredInSource;

    private FluentSyntaxReader(EfSymbols symbols, SemanticModel semanticModel, int typePosition, INamedTypeSymbol? containingType, CancellationToken cancellationToken)
    {
        _symbols = symbols;
        _semanticModel = semanticModel;
        _typePosition = typePosition;
        _containingType = containingType;
        _declaredInSource = DeclaredMethods.GetValue(symbols.Compilation, static _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Appends the facts of the method's body to <paramref name="facts"/> and returns true when syntax decides them all;
    /// returns false (and appends nothing) when the body has to be bound.
    /// </summary>
    public static bool TryRead(
        MethodDeclarationSyntax method,
        IMethodSymbol symbol,
        EfSymbols symbols,
        SemanticModel semanticModel,
        ImmutableArray<ConfigFact>.Builder facts,
        CancellationToken cancellationToken)
    {
        var scope = new Dictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal);
        foreach (var parameter in symbol.Parameters)
        {
            if (parameter.Type is not INamedTypeSymbol type)
            {
                continue;
            }

            if (Same(type, symbols.ModelBuilder))
            {
                scope[parameter.Name] = null;
            }
            else if (Same(type.OriginalDefinition, symbols.EntityTypeBuilderOfT) && type.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } entity)
            {
                scope[parameter.Name] = entity;
            }
            else if (type.Name is "EntityTypeBuilder" or "OwnedNavigationBuilder" or "ModelConfigurationBuilder" or "ModelBuilder")
            {
                // a builder this reader does not follow (a type parameter's, an owned type's, the conventions')
                return false;
            }
        }

        if (scope.Count == 0)
        {
            return false;
        }

        var reader = new FluentSyntaxReader(symbols, semanticModel, method.SpanStart, symbol.ContainingType, cancellationToken);
        var read = method switch
        {
            { Body: { } block } => reader.ReadStatements(block.Statements, scope),
            { ExpressionBody.Expression: InvocationExpressionSyntax invocation } => reader.ReadChain(invocation, scope),
            _ => false,
        };

        if (read)
        {
            facts.AddRange(reader._facts);
        }

        return read;
    }

    private bool ReadStatements(SyntaxList<StatementSyntax> statements, Dictionary<string, INamedTypeSymbol?> scope)
    {
        foreach (var statement in statements)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (statement)
            {
                case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax invocation }:
                    if (!ReadChain(invocation, scope))
                    {
                        return false;
                    }

                    break;
                case EmptyStatementSyntax:
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>One statement: a chain of calls on a builder in scope (or on <c>base</c>).</summary>
    private bool ReadChain(InvocationExpressionSyntax outer, Dictionary<string, INamedTypeSymbol?> scope)
    {
        var calls = new List<InvocationExpressionSyntax>();
        ExpressionSyntax current = outer;
        while (current is InvocationExpressionSyntax invocation)
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access)
            {
                return false;
            }

            calls.Add(invocation);
            current = access.Expression;
        }

        calls.Reverse();
        if (current is BaseExpressionSyntax)
        {
            return calls.Count == 1 && ReadBaseCall(calls[0]);
        }

        if (current is not IdentifierNameSyntax root || !scope.TryGetValue(root.Identifier.ValueText, out var entity))
        {
            return false;
        }

        foreach (var call in calls)
        {
            if (IsDeclaredInSource(NameOf(call)))
            {
                return false;
            }
        }

        return entity is null ? ReadModelChain(calls, scope) : ReadEntityChain(calls, 0, entity);
    }

    /// <summary><c>base.OnModelCreating(modelBuilder)</c>: a call of the base class's method when the base is in this source.</summary>
    private bool ReadBaseCall(InvocationExpressionSyntax call)
    {
        var name = NameOf(call);
        if (!ArgumentsAreInert(call, 0))
        {
            return false;
        }

        for (var type = _containingType?.BaseType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is not IMethodSymbol method)
                {
                    continue;
                }

                if (method.Locations.Length > 0 && method.Locations[0].IsInSource)
                {
                    _facts.Add(new ConfigFact(ConfigFactKind.Call, null, call.GetLocation()) { Name = ConfigFact.OwnerKey(type, name) });
                }

                return true;
            }
        }

        return false;
    }

    private bool ReadModelChain(List<InvocationExpressionSyntax> calls, Dictionary<string, INamedTypeSymbol?> scope)
    {
        var groups = new List<ConfigFact>[calls.Count];
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            var name = NameOf(call);
            if (i == 0 && name == "Entity")
            {
                return ReadEntityCall(calls, scope);
            }

            if (ModelSubChains.Contains(name))
            {
                for (var j = i; j < calls.Count; j++)
                {
                    if (!IsInertFollower(calls[j]))
                    {
                        return false;
                    }

                    groups[j] = new List<ConfigFact>();
                }

                break;
            }

            if (!ModelReturning.Contains(name) || (groups[i] = ReadModelCall(call, name)!) is null)
            {
                return false;
            }
        }

        for (var i = groups.Length - 1; i >= 0; i--)
        {
            _facts.AddRange(groups[i]);
        }

        return true;
    }

    private List<ConfigFact>? ReadModelCall(InvocationExpressionSyntax call, string name)
    {
        var facts = new List<ConfigFact>();
        switch (name)
        {
            case "ApplyConfiguration":
                // ApplyConfiguration(new BlogConfiguration()): the configuration class is what the argument creates
                if (call.ArgumentList.Arguments.Count != 1 ||
                    call.ArgumentList.Arguments[0] is not { NameColon: null, RefKindKeyword.RawKind: 0, Expression: ObjectCreationExpressionSyntax { Type: var created, Initializer: null } creation } ||
                    !ArgumentsAreInert(creation.ArgumentList) ||
                    BindType(created) is not INamedTypeSymbol configuration)
                {
                    return null;
                }

                facts.Add(new ConfigFact(ConfigFactKind.ApplyConfiguration, null, call.GetLocation()) { Target = configuration.GetTypeKey() });
                return facts;
            case "ApplyConfigurationsFromAssembly":
                facts.Add(new ConfigFact(ConfigFactKind.ApplyConfigurationsFromAssembly, null, call.GetLocation()));
                break;
        }

        return ArgumentsAreInert(call, 0) ? facts : null;
    }

    /// <summary><c>modelBuilder.Entity&lt;T&gt;()</c> or <c>.Entity&lt;T&gt;(b =&gt; { .. })</c>, and the entity-level chain after it.</summary>
    private bool ReadEntityCall(List<InvocationExpressionSyntax> calls, Dictionary<string, INamedTypeSymbol?> scope)
    {
        var entityCall = calls[0];
        if (entityCall.Expression is not MemberAccessExpressionSyntax { Name: GenericNameSyntax { TypeArgumentList.Arguments: { Count: 1 } typeArguments } } ||
            BindType(typeArguments[0]) is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } entity)
        {
            return false;
        }

        var arguments = entityCall.ArgumentList.Arguments;
        if (arguments.Count > 1)
        {
            return false;
        }

        // the chain after Entity<T>() first: the bound reader visits an invocation before its receiver
        if (!ReadEntityChain(calls, 1, entity))
        {
            return false;
        }

        var entityKey = entity.GetTypeKey();
        _facts.Add(new ConfigFact(ConfigFactKind.EntityDeclared, entityKey, entityCall.GetLocation()));
        if (arguments.Count == 0)
        {
            return true;
        }

        if (arguments[0] is not { NameColon: null, RefKindKeyword.RawKind: 0 } argument || !TryGetLambda(argument.Expression, out var parameter, out var body))
        {
            return false;
        }

        var inner = new Dictionary<string, INamedTypeSymbol?>(scope, StringComparer.Ordinal) { [parameter] = entity };
        switch (body)
        {
            case BlockSyntax block:
                _facts.Add(new ConfigFact(ConfigFactKind.EntityBlock, entityKey, block.GetLocation()) { Name = parameter });
                return ReadStatements(block.Statements, inner);
            case InvocationExpressionSyntax invocation:
                return ReadChain(invocation, inner);
            default:
                return false;
        }
    }

    /// <summary>Calls on an entity builder from <paramref name="start"/>: facts of each call that configures something, outermost call first.</summary>
    private bool ReadEntityChain(List<InvocationExpressionSyntax> calls, int start, INamedTypeSymbol entity)
    {
        var groups = new List<List<ConfigFact>>();
        var key = entity.GetTypeKey();
        for (var i = start; i < calls.Count; i++)
        {
            var call = calls[i];
            var name = NameOf(call);
            var facts = new List<ConfigFact>();
            groups.Add(facts);
            if (EntityReturning.Contains(name))
            {
                if (!ReadEntityLevel(call, name, entity, key, facts))
                {
                    return false;
                }

                continue;
            }

            if (!EntitySubChains.Contains(name))
            {
                return false;
            }

            var followers = calls.GetRange(i + 1, calls.Count - i - 1);
            foreach (var follower in followers)
            {
                if (!IsInertFollower(follower))
                {
                    return false;
                }
            }

            if (!ReadSubChain(call, name, followers, entity, key, facts))
            {
                return false;
            }

            break;
        }

        for (var i = groups.Count - 1; i >= 0; i--)
        {
            _facts.AddRange(groups[i]);
        }

        return true;
    }

    private bool ReadEntityLevel(InvocationExpressionSyntax call, string name, INamedTypeSymbol entity, string key, List<ConfigFact> facts)
    {
        var location = call.GetLocation();
        switch (name)
        {
            case "Ignore":
                if (FirstArgumentMembers(call, entity, single: true) is not { } ignored)
                {
                    return false;
                }

                facts.Add(new ConfigFact(ConfigFactKind.Ignore, key, location) { Members = ignored });
                return true;
            case "HasNoKey":
                facts.Add(new ConfigFact(ConfigFactKind.NoKey, key, location));
                return ArgumentsAreInert(call, 0);
            case "ToTable":
                // ToTable("Blogs"), ToTable("Blogs", "dbo"); a TableBuilder callback (IsTemporal, triggers) is bound
                if (IsGeneric(call) || call.ArgumentList.Arguments.Count == 0 || !ArgumentsAreInert(call, 0) ||
                    !TryGetConstantString(call.ArgumentList.Arguments[0], out var table))
                {
                    return false;
                }

                foreach (var argument in call.ArgumentList.Arguments)
                {
                    if (argument.Expression is not LiteralExpressionSyntax && !IsNameOf(argument.Expression))
                    {
                        return false;
                    }
                }

                if (table is not null)
                {
                    facts.Add(new ConfigFact(ConfigFactKind.ToTable, key, location) { Name = table });
                }

                return true;
            case "ToView":
            case "ToSqlQuery":
            case "ToFunction":
                facts.Add(new ConfigFact(ConfigFactKind.View, key, location));
                return ArgumentsAreInert(call, 0);
            case "HasQueryFilter":
                return ReadQueryFilter(call, entity, key, facts);
            default:
                return ArgumentsAreInert(call, 0);
        }
    }

    private bool ReadQueryFilter(InvocationExpressionSyntax call, INamedTypeSymbol entity, string key, List<ConfigFact> facts)
    {
        string? name = null;
        var reads = ImmutableArray<string>.Empty;
        var arguments = call.ArgumentList.Arguments;
        if (IsGeneric(call) || arguments.Count is 0 or > 2)
        {
            return false;
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument.NameColon is not null || argument.RefKindKeyword.RawKind != 0)
            {
                return false;
            }

            if (i == 0 && arguments.Count == 2)
            {
                // EF Core 10: HasQueryFilter("SoftDelete", e => ..)
                if (!TryGetConstantString(argument, out name))
                {
                    return false;
                }
            }
            else if (!TryGetLambda(argument.Expression, out var parameter, out var body) || body is not ExpressionSyntax expression ||
                     ReadMembersOfParameter(expression, parameter, entity) is not { } members)
            {
                return false;
            }
            else
            {
                reads = members;
            }
        }

        facts.Add(new ConfigFact(ConfigFactKind.QueryFilter, key, call.GetLocation()) { Name = name, Members = reads });
        return true;
    }

    private bool ReadSubChain(InvocationExpressionSyntax call, string name, List<InvocationExpressionSyntax> followers, INamedTypeSymbol entity, string key, List<ConfigFact> facts)
    {
        var location = call.GetLocation();
        switch (name)
        {
            case "HasKey":
            case "HasAlternateKey":
                if (IsGeneric(call) || FirstArgumentMembers(call, entity, single: false) is not { } keyMembers)
                {
                    return false;
                }

                facts.Add(new ConfigFact(ConfigFactKind.Key, key, location) { Members = keyMembers, IsPrimaryKey = name == "HasKey" });
                return true;
            case "HasIndex":
                return ReadIndex(call, followers, entity, key, facts);
            case "Property":
                return ReadProperty(call, followers, entity, key, facts);
            case "HasOne":
            case "HasMany":
                return ReadRelationship(call, name, followers, entity, key, facts);
            case "Navigation":
                return ReadNavigation(call, followers, entity, key, facts);
            default:
                // HasData(..), PrimitiveCollection(..): no facts
                return ArgumentsAreInert(call, 0);
        }
    }

    private bool ReadIndex(InvocationExpressionSyntax call, List<InvocationExpressionSyntax> followers, INamedTypeSymbol entity, string key, List<ConfigFact> facts)
    {
        // HasIndex(e => e.A, "IX_Name"): the members are the first argument's
        var arguments = call.ArgumentList.Arguments;
        ImmutableArray<string>? members = arguments.Count > 0 && TryGetLambda(arguments[0].Expression, out _, out _)
            ? FirstArgumentMembers(call, entity, single: false, allowMore: true)
            : FirstArgumentMembers(call, entity, single: false);
        if (IsGeneric(call) || members is not { } indexMembers)
        {
            return false;
        }

        bool filtered = false, unique = false;
        foreach (var next in followers)
        {
            switch (NameOf(next))
            {
                case "HasFilter":
                    // HasFilter(null) removes a filter
                    if (next.ArgumentList.Arguments.Count != 1)
                    {
                        return false;
                    }

                    filtered = !IsNullLiteral(next.ArgumentList.Arguments[0].Expression);
                    break;
                case "IsUnique":
                    if (TryGetOptionalBool(next) is not { } isUnique)
                    {
                        return false;
                    }

                    unique = isUnique;
                    break;
            }
        }

        facts.Add(new ConfigFact(ConfigFactKind.Index, key, call.GetLocation()) { Members = indexMembers, IsFiltered = filtered, IsUnique = unique });
        return true;
    }

    private bool ReadProperty(InvocationExpressionSyntax call, List<InvocationExpressionSyntax> followers, INamedTypeSymbol entity, string key, List<ConfigFact> facts)
    {
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count != 1 || FirstArgumentMembers(call, entity, single: true) is not { Length: 1 } members)
        {
            return false;
        }

        var location = call.GetLocation();
        var isStringForm = !TryGetLambda(arguments[0].Expression, out _, out _);
        if (isStringForm && IsGeneric(call))
        {
            // Property<int>("Shadow") declares a shadow property
            if (GenericArgument(call) is not { } shadowType)
            {
                return false;
            }

            facts.Add(new ConfigFact(ConfigFactKind.ShadowProperty, key, location) { Name = members[0], Target = shadowType.GetTypeKey() });
        }
        else if (IsGeneric(call))
        {
            return false;
        }

        foreach (var next in followers)
        {
            var nextLocation = next.GetLocation();
            switch (NameOf(next))
            {
                case "HasColumnName":
                    if (!TryGetLastArgumentString(next, out var column))
                    {
                        return false;
                    }

                    if (column is not null)
                    {
                        facts.Add(new ConfigFact(ConfigFactKind.ColumnName, key, location) { Members = members, Name = column });
                    }

                    break;
                case "HasMaxLength":
                    facts.Add(Facet(PropertyFacet.MaxLength));
                    break;
                case "HasPrecision":
                    facts.Add(Facet(PropertyFacet.Precision));
                    break;
                case "HasColumnType":
                    if (!TryGetLastArgumentString(next, out var columnType))
                    {
                        return false;
                    }

                    facts.Add(Facet(PropertyFacet.ColumnType, columnType));
                    break;
                case "IsRequired":
                    if (TryGetOptionalBool(next) is not { } required)
                    {
                        return false;
                    }

                    facts.Add(Facet(PropertyFacet.Required, required ? "true" : "false"));
                    break;
                case "HasConversion":
                    facts.Add(Facet(PropertyFacet.Conversion));
                    break;
                case "IsRowVersion":
                    facts.Add(Facet(PropertyFacet.ConcurrencyToken));
                    break;
                case "IsConcurrencyToken":
                    if (TryGetOptionalBool(next) is not { } token)
                    {
                        return false;
                    }

                    facts.Add(Facet(PropertyFacet.ConcurrencyToken, token ? "true" : "false"));
                    break;
            }

            ConfigFact Facet(PropertyFacet facet, string? value = null) =>
                new(ConfigFactKind.PropertyFacet, key, nextLocation) { Members = members, Facet = facet, Name = value };
        }

        return true;
    }

    private bool ReadRelationship(InvocationExpressionSyntax call, string name, List<InvocationExpressionSyntax> followers, INamedTypeSymbol entity, string key, List<ConfigFact> facts)
    {
        var isCollection = name == "HasMany";
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count > 1)
        {
            return false;
        }

        ITypeSymbol? targetType;
        string? navigation = null;
        if (IsGeneric(call))
        {
            // HasOne<Blog>(), HasOne<Blog>("Blog"), HasOne<Blog>(e => e.Blog)
            targetType = GenericArgument(call);
            if (targetType is null)
            {
                return false;
            }

            if (arguments.Count == 1)
            {
                if (FirstArgumentMembers(call, entity, single: true) is not { } generic)
                {
                    return false;
                }

                navigation = First(generic);
            }
        }
        else if (arguments.Count == 1 && TryGetLambda(arguments[0].Expression, out var parameter, out var body) && body is ExpressionSyntax expression)
        {
            // HasOne(e => e.Blog): TRelated is inferred from the navigation's type (its element type for HasMany)
            if (MemberPath(expression, parameter, entity) is not { } member || (isCollection ? ElementType(member.Type) : member.Type) is not { } related)
            {
                return false;
            }

            navigation = member.Path;
            targetType = related;
        }
        else if (arguments.Count == 1 && TryGetConstantString(arguments[0], out var named) && named is not null)
        {
            // HasOne("Blog"): a navigation by name, target unknown
            navigation = named;
            targetType = null;
        }
        else
        {
            return false;
        }

        var target = targetType?.GetTypeKey();
        var relationship = new RelationshipFact { Navigation = navigation, IsCollection = isCollection };
        var oneToOne = false;

        foreach (var next in followers)
        {
            var nextName = NameOf(next);
            switch (nextName)
            {
                case "WithOne":
                case "WithMany":
                    if (IsGeneric(next) || targetType is not INamedTypeSymbol principalSide ||
                        FirstArgumentMembers(next, principalSide, single: true) is not { } inverseMembers)
                    {
                        return false;
                    }

                    relationship.WithCalled = true;
                    relationship.InverseIsCollection = nextName == "WithMany";
                    relationship.Inverse = First(inverseMembers);
                    oneToOne = !isCollection && nextName == "WithOne";
                    break;
                case "HasForeignKey":
                case "HasPrincipalKey":
                {
                    // the lambda's type: the named one (HasForeignKey<Post>(..)), else the dependent (principal) of a one-to-many
                    var isForeignKey = nextName == "HasForeignKey";
                    ITypeSymbol? side;
                    string? hint = null;
                    if (IsGeneric(next))
                    {
                        side = GenericArgument(next);
                        hint = side?.GetTypeKey();
                    }
                    else if (oneToOne || !relationship.WithCalled)
                    {
                        // one-to-one's non-generic forms take the dependent's type (name) first: bound
                        return false;
                    }
                    else
                    {
                        side = isForeignKey == isCollection ? targetType : entity;
                    }

                    if (side is null || FirstArgumentMembers(next, side, single: false) is not { } keyMembers)
                    {
                        return false;
                    }

                    if (isForeignKey)
                    {
                        relationship.ForeignKey = keyMembers;
                        relationship.ForeignKeyLocation = next.GetLocation();
                        relationship.DependentHint = hint ?? relationship.DependentHint;
                    }
                    else
                    {
                        relationship.PrincipalKey = keyMembers;
                        if (hint is not null)
                        {
                            // the other side is the dependent
                            relationship.DependentHint ??= hint == key ? target : key;
                        }
                    }

                    break;
                }

                case "IsRequired":
                    if (TryGetOptionalBool(next) is not { } isRequired)
                    {
                        return false;
                    }

                    relationship.IsRequired = isRequired;
                    relationship.Required = isRequired;
                    break;
            }
        }

        facts.Add(new ConfigFact(ConfigFactKind.Relationship, key, call.GetLocation()) { Target = target, Relationship = relationship });
        return true;
    }

    private bool ReadNavigation(InvocationExpressionSyntax call, List<InvocationExpressionSyntax> followers, INamedTypeSymbol entity, string key, List<ConfigFact> facts)
    {
        if (IsGeneric(call) || FirstArgumentMembers(call, entity, single: true) is not { } members)
        {
            return false;
        }

        var navigation = First(members);
        var location = call.GetLocation();
        foreach (var next in followers)
        {
            var nextName = NameOf(next);
            if (nextName is not ("IsRequired" or "AutoInclude"))
            {
                continue;
            }

            if (TryGetOptionalBool(next) is not { } value)
            {
                return false;
            }

            if (nextName == "IsRequired" && navigation is not null)
            {
                facts.Add(new ConfigFact(ConfigFactKind.NavigationRequired, key, location) { Name = navigation, IsRequired = value });
            }
            else if (nextName == "AutoInclude" && value)
            {
                facts.Add(new ConfigFact(ConfigFactKind.AutoInclude, key, location) { Name = navigation });
            }
        }

        return true;
    }

    /// <summary>
    /// The members the first argument names (<c>e =&gt; e.P</c>, <c>e =&gt; new { e.P, e.Q }</c>, <c>"P"</c>, <c>nameof(T.P)</c>,
    /// strings of a <c>params string[]</c>), checked against <paramref name="type"/>; null when binding is needed to tell.
    /// </summary>
    /// <param name="single">The method takes one name (no <c>params</c>): more than one argument is not read.</param>
    /// <param name="allowMore">Arguments after a lambda are allowed (<c>HasIndex(e =&gt; e.A, "IX_A")</c>).</param>
    private ImmutableArray<string>? FirstArgumentMembers(InvocationExpressionSyntax call, ITypeSymbol type, bool single, bool allowMore = false)
    {
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count == 0)
        {
            return ImmutableArray<string>.Empty;
        }

        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null || argument.RefKindKeyword.RawKind != 0)
            {
                return null;
            }
        }

        if (TryGetLambda(arguments[0].Expression, out var parameter, out var body))
        {
            if ((arguments.Count > 1 && !allowMore) || body is not ExpressionSyntax expression || !ArgumentsAreInert(call, 1))
            {
                return null;
            }

            expression = StripCasts(expression);
            if (expression is AnonymousObjectCreationExpressionSyntax anonymous)
            {
                var names = ImmutableArray.CreateBuilder<string>();
                foreach (var initializer in anonymous.Initializers)
                {
                    if (MemberPath(initializer.Expression, parameter, type) is not { } member)
                    {
                        return null;
                    }

                    names.Add(member.Path);
                }

                return names.ToImmutable();
            }

            return MemberPath(expression, parameter, type) is { } path ? ImmutableArray.Create(path.Path) : null;
        }

        if (single && arguments.Count > 1)
        {
            return null;
        }

        var strings = ImmutableArray.CreateBuilder<string>(arguments.Count);
        foreach (var argument in arguments)
        {
            if (!TryGetConstantString(argument, out var text) || text is null)
            {
                return null;
            }

            strings.Add(text);
        }

        return strings.MoveToImmutable();
    }

    /// <summary>
    /// What a filter lambda reads of its parameter (outermost member paths, <c>EF.Property(e, "Name")</c>), in the order the
    /// bound reader finds them; null when the body has a shape that needs binding.
    /// </summary>
    private ImmutableArray<string>? ReadMembersOfParameter(ExpressionSyntax body, string parameter, INamedTypeSymbol entity)
    {
        var reads = ImmutableArray.CreateBuilder<string>();
        foreach (var node in body.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case CastExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression } or ConditionalAccessExpressionSyntax or
                    QueryExpressionSyntax or StatementSyntax or ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax:
                    return null;
                case LambdaExpressionSyntax nested when NestedLambdaShadows(nested, parameter):
                    return null;
                case InvocationExpressionSyntax invocation:
                    if (invocation.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "EF" }, Name.Identifier.ValueText: "Property" } &&
                        invocation.ArgumentList.Arguments.Count == 2)
                    {
                        // EF.Property<bool>(e, "IsDeleted") reads IsDeleted
                        if (!TryGetConstantString(invocation.ArgumentList.Arguments[1], out var property))
                        {
                            return null;
                        }

                        if (property is not null)
                        {
                            reads.Add(property);
                        }
                    }
                    else if (!IsInertCall(invocation))
                    {
                        return null;
                    }

                    break;
                case MemberAccessExpressionSyntax access when IsOutermostReference(access):
                {
                    if (!IsRootedAt(access, parameter))
                    {
                        break;
                    }

                    if (MemberPath(access, parameter, entity) is not { } read)
                    {
                        return null;
                    }

                    reads.Add(read.Path);
                    break;
                }
            }
        }

        return reads.ToImmutable();

        static bool NestedLambdaShadows(LambdaExpressionSyntax lambda, string name) => lambda switch
        {
            SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText == name,
            ParenthesizedLambdaExpressionSyntax parenthesized => Declares(parenthesized.ParameterList, name),
            _ => true,
        };
    }

    private static bool Declares(ParameterListSyntax parameters, string name)
    {
        foreach (var parameter in parameters.Parameters)
        {
            if (parameter.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string? First(ImmutableArray<string> names) => names.IsDefaultOrEmpty ? null : names[0];

    /// <summary>A member access that is not a method's name and not the receiver of a longer member access.</summary>
    private static bool IsOutermostReference(MemberAccessExpressionSyntax access)
    {
        if (access.Parent is InvocationExpressionSyntax call && call.Expression == access)
        {
            return false;
        }

        SyntaxNode node = access;
        while (node.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
        {
            node = node.Parent;
        }

        // the receiver of a member access that is itself a reference (not a method name): not outermost
        return node.Parent is not MemberAccessExpressionSyntax outer || outer.Expression != node ||
               (outer.Parent is InvocationExpressionSyntax outerCall && outerCall.Expression == outer);
    }

    private static bool IsRootedAt(MemberAccessExpressionSyntax access, string parameter)
    {
        ExpressionSyntax current = access;
        while (true)
        {
            current = SkipSuppression(current);
            switch (current)
            {
                case MemberAccessExpressionSyntax member:
                    current = member.Expression;
                    break;
                case IdentifierNameSyntax identifier:
                    return identifier.Identifier.ValueText == parameter;
                default:
                    return false;
            }
        }
    }

    /// <summary><c>p.A.B</c> → ("A.B", type of B) when every member is a property or field; null when not a path of <paramref name="parameter"/> or a member is not found.</summary>
    private (string Path, ITypeSymbol Type)? MemberPath(ExpressionSyntax expression, string parameter, ITypeSymbol parameterType)
    {
        expression = StripCasts(expression);
        if (expression is not MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression, Name: IdentifierNameSyntax name } access)
        {
            return null;
        }

        var receiver = SkipSuppression(access.Expression);
        string? prefix = null;
        ITypeSymbol receiverType;
        if (receiver is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == parameter)
        {
            receiverType = parameterType;
        }
        else if (MemberPath(receiver, parameter, parameterType) is { } outer)
        {
            prefix = outer.Path;
            receiverType = outer.Type;
        }
        else
        {
            return null;
        }

        var member = name.Identifier.ValueText;
        return MemberType(receiverType, member) is { } type ? (prefix is null ? member : prefix + "." + member, type) : null;
    }

    /// <summary>The type of a property or field of the type (or its bases / interfaces) by name; null when there is none.</summary>
    private static ITypeSymbol? MemberType(ITypeSymbol type, string name)
    {
        if (type is ITypeParameterSymbol or IErrorTypeSymbol)
        {
            return null;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (FindIn(current) is { } found)
            {
                return found;
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var inherited in type.AllInterfaces)
            {
                if (FindIn(inherited) is { } found)
                {
                    return found;
                }
            }
        }

        return null;

        ITypeSymbol? FindIn(ITypeSymbol declaring)
        {
            foreach (var candidate in declaring.GetMembers(name))
            {
                switch (candidate)
                {
                    case IPropertySymbol { IsIndexer: false } property:
                        return property.Type;
                    case IFieldSymbol field:
                        return field.Type;
                    case IMethodSymbol or IEventSymbol or INamedTypeSymbol:
                        return null;
                }
            }

            return null;
        }
    }

    /// <summary>The element type a HasMany navigation infers (<c>IEnumerable&lt;T&gt;</c>'s T); null when not exactly one.</summary>
    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable)
        {
            return enumerable.TypeArguments[0];
        }

        ITypeSymbol? element = null;
        foreach (var candidate in type.AllInterfaces)
        {
            if (candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                if (element is not null)
                {
                    return null;
                }

                element = candidate.TypeArguments[0];
            }
        }

        return element;
    }

    /// <summary>A call after a sub-chain's head: the bound reader reads no facts of its own from it.</summary>
    private bool IsInertFollower(InvocationExpressionSyntax call)
    {
        var name = NameOf(call);
        return name is not ("Entity" or "Remove" or "Properties" or "IsTemporal" or "MakeGenericMethod" or "ComplexProperty" or "ComplexCollection" or "ToJson") &&
               !IsDeclaredInSource(name) && ArgumentsAreInert(call, 0);
    }

    /// <summary>Arguments from <paramref name="from"/> on give no facts when bound: no call the bound reader reads, no statements, no collection initializers.</summary>
    private bool ArgumentsAreInert(InvocationExpressionSyntax call, int from)
    {
        var arguments = call.ArgumentList.Arguments;
        for (var i = from; i < arguments.Count; i++)
        {
            if (!IsInert(arguments[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool ArgumentsAreInert(ArgumentListSyntax? arguments)
    {
        if (arguments is null)
        {
            return true;
        }

        foreach (var argument in arguments.Arguments)
        {
            if (!IsInert(argument))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsInert(ArgumentSyntax argument)
    {
        if (argument.RefKindKeyword.RawKind != 0)
        {
            return false;
        }

        foreach (var node in argument.Expression.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case StatementSyntax or QueryExpressionSyntax:
                case InitializerExpressionSyntax { RawKind: (int)SyntaxKind.CollectionInitializerExpression }:
                case InvocationExpressionSyntax invocation when !IsInertCall(invocation):
                    return false;
            }
        }

        return true;
    }

    /// <summary>A call inside an argument: nameof, or a method of another assembly the bound reader has nothing to read from.</summary>
    private bool IsInertCall(InvocationExpressionSyntax invocation)
    {
        if (IsNameOf(invocation))
        {
            return true;
        }

        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        return name is not null && !FactNames.Contains(name) && !IsDeclaredInSource(name);
    }

    private bool IsDeclaredInSource(string name)
    {
        if (!_declaredInSource.TryGetValue(name, out var declared))
        {
            // a method of this name declared in source (a property of the name, say Entity on an audit row, is no call)
            declared = false;
            if (_symbols.Compilation.ContainsSymbolsWithName(name, SymbolFilter.Member, _cancellationToken))
            {
                foreach (var symbol in _symbols.Compilation.GetSymbolsWithName(name, SymbolFilter.Member, _cancellationToken))
                {
                    declared |= symbol is IMethodSymbol;
                }
            }

            _declaredInSource[name] = declared;
        }

        return declared;
    }

    private ITypeSymbol? BindType(TypeSyntax type)
    {
        var bound = _semanticModel.GetSpeculativeTypeInfo(_typePosition, type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
        return bound is null or IErrorTypeSymbol or ITypeParameterSymbol || bound.TypeKind == TypeKind.Error ? null : bound;
    }

    private ITypeSymbol? GenericArgument(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { TypeArgumentList.Arguments: { Count: 1 } arguments } } ? BindType(arguments[0]) : null;

    private static bool IsGeneric(InvocationExpressionSyntax call) => call.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax };

    private static string NameOf(InvocationExpressionSyntax call) =>
        call.Expression is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : string.Empty;

    private static bool TryGetLambda(ExpressionSyntax expression, out string parameter, out CSharpSyntaxNode body)
    {
        switch (expression)
        {
            case SimpleLambdaExpressionSyntax { Parameter: { Type: null, Modifiers.Count: 0 } simple, AsyncKeyword.RawKind: 0 } lambda:
                parameter = simple.Identifier.ValueText;
                body = lambda.Body;
                return true;
            case ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: { Count: 1 } parameters, AsyncKeyword.RawKind: 0, ReturnType: null } lambda
                when parameters[0] is { Type: null, Modifiers.Count: 0 }:
                parameter = parameters[0].Identifier.ValueText;
                body = lambda.Body;
                return true;
            default:
                parameter = string.Empty;
                body = null!;
                return false;
        }
    }

    /// <summary>A string a constant argument gives: a literal, <c>null</c>, or <c>nameof(..)</c>; false when it takes binding to tell.</summary>
    private static bool TryGetConstantString(ArgumentSyntax argument, out string? value)
    {
        value = null;
        if (argument.NameColon is not null || argument.RefKindKeyword.RawKind != 0)
        {
            return false;
        }

        var expression = StripCasts(argument.Expression);
        switch (expression)
        {
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal:
                value = literal.Token.ValueText;
                return true;
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NullLiteralExpression }:
                return true;
            case InvocationExpressionSyntax invocation when IsNameOf(invocation):
                value = invocation.ArgumentList.Arguments[0].Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                return value is not null;
            default:
                return false;
        }
    }

    private static bool TryGetLastArgumentString(InvocationExpressionSyntax call, out string? value)
    {
        value = null;
        var arguments = call.ArgumentList.Arguments;
        return arguments.Count > 0 && TryGetConstantString(arguments[arguments.Count - 1], out value);
    }

    /// <summary><c>IsUnique()</c> → true, <c>IsUnique(true)</c>/<c>(false)</c> → the literal; null when the value takes binding to tell.</summary>
    private static bool? TryGetOptionalBool(InvocationExpressionSyntax call)
    {
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count == 0)
        {
            return true;
        }

        if (arguments.Count != 1 || arguments[0].NameColon is not null)
        {
            return null;
        }

        return arguments[0].Expression.RawKind switch
        {
            (int)SyntaxKind.TrueLiteralExpression => true,
            (int)SyntaxKind.FalseLiteralExpression => false,
            _ => null,
        };
    }

    private static bool IsNameOf(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments.Count: 1 };

    private static bool IsNullLiteral(ExpressionSyntax expression) => StripCasts(expression).IsKind(SyntaxKind.NullLiteralExpression);

    private static ExpressionSyntax StripCasts(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                case CastExpressionSyntax cast:
                    expression = cast.Expression;
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    expression = suppressed.Operand;
                    break;
                default:
                    return expression;
            }
        }
    }

    private static ExpressionSyntax SkipSuppression(ExpressionSyntax expression)
    {
        while (expression is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } or ParenthesizedExpressionSyntax)
        {
            expression = expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((PostfixUnaryExpressionSyntax)expression).Operand;
        }

        return expression;
    }

    private static bool Same(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
