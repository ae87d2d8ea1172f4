using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// The model's reading of member names given to EF Core as strings (a literal, or a const holding one) in relationship,
/// configuration and query APIs: which entity type each string names a member of, and whether a member by that name
/// exists there for EF Core (a CLR property or field, a shadow property the model declares, a foreign key a
/// <c>HasForeignKey("X")</c>/<c>[ForeignKey("X")]</c> declares, a temporal period column, an indexer property of a
/// property bag, ...). DBP003 (<c>RelationshipMemberNamedByString</c>) reports the strings that name a member,
/// DBP004 (<c>RelationshipStringNamesNoMember</c>) those that name none. Both rules visit the same invocations and
/// attributes: the answer is read once per invocation operation (the analyzer driver hands the same operation tree
/// to every rule) and once per attribute of a compilation, and shared.
/// </summary>
internal sealed class RelationshipStrings
{
    /// <summary>Diagnostic property: the type key of the type the string names a member of.</summary>
    public const string TypeKey = "Type";

    /// <summary>Diagnostic property: the member to reference (DBP003: the named one; DBP004: the closest one, absent when none is close).</summary>
    public const string MemberKey = "Member";

    /// <summary>Diagnostic property: how to fix: <see cref="NameofFix"/>, <see cref="LambdaFix"/> or <see cref="IncludeFix"/>.</summary>
    public const string FixKey = "Fix";

    /// <summary>Diagnostic property for <see cref="IncludeFix"/>: the navigation path, dot-separated.</summary>
    public const string PathKey = "Path";

    public const string NameofFix = "Nameof";
    public const string LambdaFix = "Lambda";
    public const string IncludeFix = "Include";

    private static readonly ConditionalWeakTable<Compilation, RelationshipStrings> Readers = new();

    /// <summary>Per invocation operation: an entry lives as long as its operation tree.</summary>
    private static readonly ConditionalWeakTable<IOperation, Reading> Invocations = new();

    /// <summary>Per attribute of this reader's compilation (a syntax tree outlives a compilation; its symbols do not carry over).</summary>
    private readonly ConditionalWeakTable<AttributeSyntax, Reading> _attributes = new();

    private readonly EfSymbols _symbols;
    private readonly IAssemblySymbol _efAssembly;
    private readonly INamedTypeSymbol? _entityEntryOfT;
    private readonly INamedTypeSymbol? _referenceNavigationBuilder;
    private readonly INamedTypeSymbol? _collectionNavigationBuilder;
    private readonly INamedTypeSymbol? _referenceCollectionBuilder;
    private readonly INamedTypeSymbol? _referenceReferenceBuilder;
    private readonly ImmutableArray<INamedTypeSymbol?> _attributeTypes;

    private RelationshipStrings(EfSymbols symbols)
    {
        _symbols = symbols;
        _efAssembly = symbols.DbContext.ContainingAssembly;
        _entityEntryOfT = symbols.GetType("Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry`1");
        _referenceNavigationBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.ReferenceNavigationBuilder`2");
        _collectionNavigationBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.CollectionNavigationBuilder`2");
        _referenceCollectionBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.ReferenceCollectionBuilder`2");
        _referenceReferenceBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.ReferenceReferenceBuilder`2");
        _attributeTypes = ImmutableArray.Create(symbols.ForeignKeyAttribute, symbols.InversePropertyAttribute, symbols.IndexAttribute, symbols.PrimaryKeyAttribute);
    }

    /// <summary>The reader of the compilation's strings (one per compilation).</summary>
    public static RelationshipStrings For(EfSymbols symbols) => Readers.GetValue(symbols.Compilation, _ => new RelationshipStrings(symbols));

    /// <summary>Reads the strings of every EF Core invocation and attribute of the compilation and hands each to <paramref name="report"/> (a rule's filter).</summary>
    public static void Register(CompilationStartAnalysisContext context, EfSymbols symbols, Action<Action<Diagnostic>, RelationshipString> report)
    {
        var reader = For(symbols);
        context.RegisterOperationAction(
            c =>
            {
                foreach (var named in reader.Read((IInvocationOperation)c.Operation, c.ContainingSymbol, c.CancellationToken))
                {
                    report(c.ReportDiagnostic, named);
                }
            },
            OperationKind.Invocation);
        context.RegisterSyntaxNodeAction(
            c =>
            {
                foreach (var named in reader.Read((AttributeSyntax)c.Node, c.SemanticModel, c.CancellationToken))
                {
                    report(c.ReportDiagnostic, named);
                }
            },
            SyntaxKind.Attribute);
    }

    /// <summary>The member-name strings of an invocation of EF Core's relationship, configuration, entry or query APIs.</summary>
    /// <param name="containingSymbol">The symbol the invocation is in: a member not accessible there has no compile-checked reference.</param>
    public ImmutableArray<RelationshipString> Read(IInvocationOperation invocation, ISymbol containingSymbol, CancellationToken cancellationToken)
    {
        switch (invocation.TargetMethod.Name)
        {
            case "HasKey" or "HasAlternateKey" or "HasIndex" or "Property" or "Navigation" or "HasOne" or "HasMany" or "WithOne" or "WithMany" or
                "HasForeignKey" or "HasPrincipalKey" or "Include" or "Reference" or "Collection":
                break;
            default:
                return ImmutableArray<RelationshipString>.Empty;
        }

        if (!SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingAssembly, _efAssembly) || invocation.Arguments.Length == 0)
        {
            return ImmutableArray<RelationshipString>.Empty;
        }

        return Invocations.GetValue(invocation, key => new Reading(ReadInvocation((IInvocationOperation)key, containingSymbol, cancellationToken))).Strings;
    }

    /// <summary>The member-name strings of a <c>[ForeignKey]</c>, <c>[InverseProperty]</c>, <c>[Index]</c> or <c>[PrimaryKey]</c> attribute.</summary>
    public ImmutableArray<RelationshipString> Read(AttributeSyntax attribute, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (attribute.ArgumentList is not { Arguments.Count: > 0 })
        {
            return ImmutableArray<RelationshipString>.Empty;
        }

        var name = attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            _ => string.Empty,
        };
        if (name is not ("ForeignKey" or "ForeignKeyAttribute" or "InverseProperty" or "InversePropertyAttribute" or "Index" or "IndexAttribute" or "PrimaryKey" or "PrimaryKeyAttribute"))
        {
            return ImmutableArray<RelationshipString>.Empty;
        }

        return _attributes.GetValue(attribute, key => new Reading(ReadAttribute(key, semanticModel, cancellationToken))).Strings;
    }

    private ImmutableArray<RelationshipString> ReadInvocation(IInvocationOperation invocation, ISymbol containingSymbol, CancellationToken cancellationToken)
    {
        var symbols = _symbols;
        var method = invocation.TargetMethod;
        var found = ImmutableArray.CreateBuilder<RelationshipString>();
        var within = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType;
        if (method.Name == "Property" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.EF))
        {
            // EF.Property<T>(entity, "Name"): the entity argument's static type owns the member
            if (invocation.Arguments.Length == 2 && invocation.Arguments[0].Value.WalkDownConversions()?.Type is INamedTypeSymbol owner)
            {
                Check(found, invocation.Arguments[1].Value, owner, ApiKind.Nameof, isShadowDeclaration: false, declaresForeignKey: false, splitCommas: false, within, cancellationToken);
            }

            return found.ToImmutable();
        }

        var receiverType = invocation.GetReceiver()?.Type as INamedTypeSymbol;
        if (method.Name == "Include")
        {
            if (method.IsGenericMethod && method.TypeArguments[0] is INamedTypeSymbol root)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                    {
                        CheckIncludePath(found, symbols, argument.Value, root, cancellationToken);
                    }
                }
            }

            return found.ToImmutable();
        }

        INamedTypeSymbol? owner2 = null;
        var kind = ApiKind.Lambda;
        var isShadowDeclaration = false;

        // HasForeignKey("BlogId") with no such member declares a shadow foreign key (EF Core's documented way)
        var declaresForeignKey = method.Name == "HasForeignKey";
        switch (method.Name)
        {
            case "Reference" or "Collection" or "Property" when IsGeneric(receiverType, _entityEntryOfT):
                owner2 = receiverType!.TypeArguments[0] as INamedTypeSymbol;
                break;
            case "WithOne" or "WithMany" when IsGeneric(receiverType, _referenceNavigationBuilder) || IsGeneric(receiverType, _collectionNavigationBuilder):
                owner2 = receiverType!.TypeArguments[1] as INamedTypeSymbol;
                break;
            case "HasForeignKey" or "HasPrincipalKey" when IsGeneric(receiverType, _referenceCollectionBuilder):
                owner2 = receiverType!.TypeArguments[method.Name == "HasForeignKey" ? 1 : 0] as INamedTypeSymbol;
                break;
            case "HasForeignKey" or "HasPrincipalKey" when IsGeneric(receiverType, _referenceReferenceBuilder):
                owner2 = method.IsGenericMethod ? method.TypeArguments[0] as INamedTypeSymbol : null;
                break;
            case "HasKey" or "HasAlternateKey" or "HasIndex" or "Property" or "Navigation" or "HasOne" or "HasMany":
                owner2 = symbols.GetBuilderEntityType(receiverType) as INamedTypeSymbol;
                isShadowDeclaration = method.Name == "Property" && method.IsGenericMethod;
                break;
            case "WithOne" or "WithMany" or "HasForeignKey" or "HasPrincipalKey" when receiverType is { IsGenericType: false }:
                // the non-generic builders a string HasOne("Blog")/HasMany("Posts") returns: the types come from that call
                if (FindRelationshipStart(invocation, symbols) is { } start)
                {
                    owner2 = method.Name switch
                    {
                        "WithOne" or "WithMany" => start.Related,
                        "HasForeignKey" when invocation.Arguments.Length == 1 => start.IsHasMany ? start.Related : start.Entity,
                        "HasPrincipalKey" when invocation.Arguments.Length == 1 => start.IsHasMany ? start.Entity : start.Related,
                        _ => null,
                    };
                }

                break;
        }

        if (owner2 is null || owner2.TypeKind == TypeKind.TypeParameter)
        {
            return found.ToImmutable();
        }

        // non-generic builders (what HasOne("Blog") returns) have no lambda overloads: offer nameof there
        if (kind == ApiKind.Lambda && !HasLambdaOverload(receiverType, method.Name))
        {
            kind = ApiKind.Nameof;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || !IsMemberNameParameter(parameter))
            {
                continue;
            }

            // the lambda overload replaces the whole argument list: only when this is its one member name
            var single = invocation.Arguments.Length == 1;
            if (argument.Value.WalkDownConversions() is IArrayCreationOperation { Initializer: { } initializer })
            {
                var one = single && initializer.ElementValues.Length == 1;
                foreach (var element in initializer.ElementValues)
                {
                    Check(found, element, owner2, one ? kind : ApiKind.Nameof, isShadowDeclaration, declaresForeignKey, splitCommas: false, within, cancellationToken);
                }
            }
            else
            {
                Check(found, argument.Value, owner2, single ? kind : ApiKind.Nameof, isShadowDeclaration, declaresForeignKey, splitCommas: false, within, cancellationToken);
            }
        }

        return found.ToImmutable();
    }

    private ImmutableArray<RelationshipString> ReadAttribute(AttributeSyntax attribute, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var symbols = _symbols;
        if (semanticModel.GetSymbolInfo(attribute, cancellationToken).Symbol is not IMethodSymbol { ContainingType: { } attributeType } ||
            !IsOneOf(attributeType, _attributeTypes))
        {
            return ImmutableArray<RelationshipString>.Empty;
        }

        var target = attribute.Parent?.Parent switch
        {
            PropertyDeclarationSyntax p => semanticModel.GetDeclaredSymbol(p, cancellationToken),
            FieldDeclarationSyntax f when f.Declaration.Variables.Count > 0 => semanticModel.GetDeclaredSymbol(f.Declaration.Variables[0], cancellationToken),
            TypeDeclarationSyntax t => semanticModel.GetDeclaredSymbol(t, cancellationToken),
            _ => null,
        };
        if (target is null)
        {
            return ImmutableArray<RelationshipString>.Empty;
        }

        INamedTypeSymbol? owner;
        var declaresForeignKey = false;
        if (SymbolEqualityComparer.Default.Equals(attributeType, symbols.InversePropertyAttribute))
        {
            owner = target is IPropertySymbol p ? NavigationTypes.GetNavigationTarget(p.Type, symbols, out _) : null;
        }
        else if (SymbolEqualityComparer.Default.Equals(attributeType, symbols.ForeignKeyAttribute))
        {
            // on a reference navigation or on the key property: a member of the same class; on a collection: of the element type
            var isCollection = false;
            var navigationTarget = target is IPropertySymbol p ? NavigationTypes.GetNavigationTarget(p.Type, symbols, out isCollection) : null;
            owner = navigationTarget is not null && isCollection ? navigationTarget : target.ContainingType;

            // on a navigation it names the foreign key, and a name that is no member declares a shadow one
            declaresForeignKey = navigationTarget is not null;
        }
        else
        {
            owner = target as INamedTypeSymbol;
        }

        if (owner is null)
        {
            return ImmutableArray<RelationshipString>.Empty;
        }

        var found = ImmutableArray.CreateBuilder<RelationshipString>();
        foreach (var argument in attribute.ArgumentList!.Arguments)
        {
            if (argument.NameEquals is not null || argument.NameColon is not null)
            {
                continue;
            }

            if (semanticModel.GetOperation(argument.Expression, cancellationToken) is { } operation)
            {
                Check(found, operation, owner, ApiKind.Nameof, isShadowDeclaration: false, declaresForeignKey,
                    splitCommas: SymbolEqualityComparer.Default.Equals(attributeType, symbols.ForeignKeyAttribute), target as INamedTypeSymbol ?? target.ContainingType,
                    cancellationToken);
            }
        }

        return found.ToImmutable();
    }

    /// <summary>True when the receiver's type has an overload of the method taking an expression (a lambda).</summary>
    private static bool HasLambdaOverload(ITypeSymbol? receiverType, string methodName)
    {
        for (var type = receiverType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(methodName))
            {
                if (member is IMethodSymbol { Parameters.Length: > 0 } candidate &&
                    candidate.Parameters[0].Type is INamedTypeSymbol { Name: "Expression", IsGenericType: true })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private enum ApiKind
    {
        Nameof,
        Lambda,
    }

    /// <summary>The HasOne/HasMany call a relationship chain starts with: its entity, the related type, and whether it is HasMany.</summary>
    private static (INamedTypeSymbol Entity, INamedTypeSymbol Related, bool IsHasMany)? FindRelationshipStart(IInvocationOperation invocation, EfSymbols symbols)
    {
        for (var current = invocation.GetReceiver() as IInvocationOperation; current is not null; current = current.GetReceiver() as IInvocationOperation)
        {
            if (current.TargetMethod.Name is not ("HasOne" or "HasMany"))
            {
                continue;
            }

            if (symbols.GetBuilderEntityType(current.GetReceiver()?.Type) is not INamedTypeSymbol entity)
            {
                return null;
            }

            INamedTypeSymbol? related = current.TargetMethod.IsGenericMethod ? current.TargetMethod.TypeArguments[0] as INamedTypeSymbol : null;
            if (related is null)
            {
                foreach (var argument in current.Arguments)
                {
                    if (argument.Parameter is { Name: "navigationName" } && argument.Value.GetConstantString() is { } navigation &&
                        FindMember(entity, navigation) is IPropertySymbol property)
                    {
                        related = NavigationTypes.GetNavigationTarget(property.Type, symbols, out _);
                    }
                }
            }

            return related is null ? null : (entity, related, current.TargetMethod.Name == "HasMany");
        }

        return null;
    }

    private static bool IsOneOf(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol?> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (SymbolEqualityComparer.Default.Equals(type, candidate))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>propertyName(s), navigationName, foreignKeyPropertyNames, navigationPropertyPath, WithMany(collection), WithOne(reference); not type names or an index name.</summary>
    private static bool IsMemberNameParameter(IParameterSymbol parameter)
    {
        var name = parameter.Name;
        var isString = parameter.Type.SpecialType == SpecialType.System_String ||
            parameter.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String };
        return isString && name != "name" && !name.EndsWith("TypeName", StringComparison.Ordinal) &&
            (name is "collection" or "reference" || name.EndsWith("Name", StringComparison.Ordinal) || name.EndsWith("Names", StringComparison.Ordinal) || name.EndsWith("Path", StringComparison.Ordinal));
    }

    private static bool IsGeneric(INamedTypeSymbol? type, INamedTypeSymbol? definition) =>
        type is not null && definition is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, definition);

    /// <summary>A literal or a const: its text; null for nameof, interpolations, variables, null.</summary>
    private static string? LiteralText(IOperation value)
    {
        value = value.WalkDownConversions()!;
        if (value is INameOfOperation)
        {
            return null;
        }

        return value switch
        {
            ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } } => text,
            IFieldReferenceOperation { Field.IsConst: true, ConstantValue: { HasValue: true, Value: string text } } => text,
            ILocalReferenceOperation { Local.IsConst: true, ConstantValue: { HasValue: true, Value: string text } } => text,
            _ => null,
        };
    }

    /// <param name="declaresForeignKey">HasForeignKey("X") / [ForeignKey("X")] on a navigation: a name that is no member declares a shadow foreign key.</param>
    /// <param name="within">The type the string is written in: a member not accessible there has no compile-checked reference (not reported).</param>
    private void Check(ImmutableArray<RelationshipString>.Builder found, IOperation value, INamedTypeSymbol owner, ApiKind kind, bool isShadowDeclaration, bool declaresForeignKey, bool splitCommas,
        INamedTypeSymbol? within, CancellationToken cancellationToken)
    {
        if (LiteralText(value) is not { } text || text.Length == 0)
        {
            return;
        }

        var compilation = _symbols.Compilation;
        var names = splitCommas && text.IndexOf(',') >= 0 ? text.Split(',') : new[] { text };
        var model = EfModel.For(compilation, cancellationToken);
        foreach (var raw in names)
        {
            var name = raw.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            var canFix = names.Length == 1;
            var location = value.Syntax.GetLocation();
            if (FindMember(owner, name) is { } member)
            {
                // a private field or property of the entity named from elsewhere: nameof and lambdas do not compile there
                if (within is not null && !compilation.IsSymbolAccessibleWithin(member, within))
                {
                    continue;
                }

                var useLambda = kind == ApiKind.Lambda && canFix;
                var properties = ImmutableDictionary.CreateBuilder<string, string?>();
                properties[TypeKey] = owner.GetTypeKey();
                if (canFix)
                {
                    properties[MemberKey] = member.Name;
                    properties[FixKey] = useLambda ? LambdaFix : NameofFix;
                }

                found.Add(new RelationshipString(location, name, owner.Name, member.Name, useLambda ? "the lambda overload" : "nameof", closest: null, properties.ToImmutable()));
                continue;
            }

            if (IsShadow(model, owner, name) || isShadowDeclaration || IsDeclaredOnPurpose(owner, name, declaresForeignKey))
            {
                continue;
            }

            var closest = Closest(owner, name);
            var noMember = ImmutableDictionary.CreateBuilder<string, string?>();
            noMember[TypeKey] = owner.GetTypeKey();
            if (closest is not null && canFix)
            {
                noMember[MemberKey] = closest;
                noMember[FixKey] = NameofFix;
            }

            found.Add(new RelationshipString(location, name, owner.Name, member: null, use: null, closest, noMember.ToImmutable()));
        }
    }

    private void CheckIncludePath(ImmutableArray<RelationshipString>.Builder found, EfSymbols symbols, IOperation value, INamedTypeSymbol root, CancellationToken cancellationToken)
    {
        if (LiteralText(value) is not { } text || text.Length == 0)
        {
            return;
        }

        var segments = text.Split('.');
        var type = root;
        var corrected = new List<string>();
        string? missing = null;
        INamedTypeSymbol? missingOwner = null;
        foreach (var segment in segments)
        {
            var member = type is null ? null : FindMember(type, segment);
            if (member is null)
            {
                if (type is null || missing is not null)
                {
                    return;
                }

                // a navigation of a derived type (string includes allow it): not checkable here
                if (DerivedTypeHasMember(_symbols.Compilation, type, segment, cancellationToken))
                {
                    return;
                }

                missing = segment;
                missingOwner = type;
                var closest = Closest(type, segment);
                if (closest is null)
                {
                    Add(null);
                    return;
                }

                corrected.Add(closest);
                member = FindMember(type, closest);
            }
            else
            {
                corrected.Add(member.Name);
            }

            var memberType = member switch
            {
                IPropertySymbol p => p.Type,
                IFieldSymbol f => f.Type,
                _ => null,
            };
            type = memberType is null ? null : NavigationTypes.GetNavigationTarget(memberType, symbols, out _);
        }

        Add(string.Join(".", corrected));

        void Add(string? path)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[TypeKey] = root.GetTypeKey();
            if (path is not null)
            {
                properties[FixKey] = IncludeFix;
                properties[PathKey] = path;
            }

            found.Add(missing is null
                ? new RelationshipString(value.Syntax.GetLocation(), text, root.Name, text, "the lambda overload (Include/ThenInclude)", closest: null, properties.ToImmutable())
                : new RelationshipString(value.Syntax.GetLocation(), missing, missingOwner!.Name, member: null, use: null, path, properties.ToImmutable()));
        }
    }

    private static bool DerivedTypeHasMember(Compilation compilation, INamedTypeSymbol type, string name, CancellationToken cancellationToken)
    {
        if (EfModel.For(compilation, cancellationToken) is not { } model)
        {
            return false;
        }

        foreach (var entity in model.Entities)
        {
            if (entity.Type.InheritsFrom(type) && FindMember(entity.Type, name) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An instance property or field with exactly this name, on the type or a base type.</summary>
    internal static ISymbol? FindMember(INamedTypeSymbol type, string name)
    {
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(name))
            {
                if (!member.IsStatic && member is IPropertySymbol { IsIndexer: false } or IFieldSymbol { IsImplicitlyDeclared: false })
                {
                    return member;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A name that declares something EF Core accepts rather than a typo: a shadow foreign key (unless it only differs in case from
    /// an existing member, which is a typo that would make a second column), a property of a property bag or indexer type
    /// (<c>UsingEntity&lt;Dictionary&lt;string, object&gt;&gt;</c>: every name is an indexer property), or a field-like name on a type
    /// whose private members this compilation cannot see (declared in a referenced assembly).
    /// </summary>
    private static bool IsDeclaredOnPurpose(INamedTypeSymbol owner, string name, bool declaresForeignKey)
    {
        if (declaresForeignKey && !HasMemberIgnoringCase(owner, name))
        {
            return true;
        }

        var fieldLike = name[0] == '_' || char.IsLower(name[0]) || name.StartsWith("m_", StringComparison.Ordinal);
        for (var t = owner; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers(WellKnownMemberNames.Indexer))
            {
                if (!member.IsStatic && member is IPropertySymbol { Parameters.Length: 1 } indexer && indexer.Parameters[0].Type.SpecialType == SpecialType.System_String)
                {
                    return true;
                }
            }

            if (fieldLike && !t.Locations.IsEmpty && !t.Locations[0].IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasMemberIgnoringCase(INamedTypeSymbol type, string name)
    {
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (!member.IsStatic && member is IPropertySymbol { IsIndexer: false } or IFieldSymbol { IsImplicitlyDeclared: false } &&
                    string.Equals(member.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A shadow property the model declares (Property&lt;T&gt;("X")) or one EF Core creates for a relationship's key.</summary>
    private static bool IsShadow(EfModel? model, INamedTypeSymbol type, string name)
    {
        if (model is null)
        {
            return false;
        }

        for (var entity = model.GetEntity(type); entity is not null; entity = entity.BaseEntity)
        {
            // Property<T>("X"), and the period columns of a temporal table (HasPeriodStart("ValidFrom"), default PeriodStart/PeriodEnd)
            if (entity.ShadowProperties.ContainsKey(name) || (entity.Temporal is { } temporal && temporal.IsPeriodColumn(name)))
            {
                return true;
            }
        }

        if (model.GetEntity(type) is not { } dependent)
        {
            return false;
        }

        foreach (var relationship in model.GetRelationshipsAsDependent(dependent))
        {
            // a foreign key the configuration names (HasForeignKey("BlogKey"), [ForeignKey("BlogKey")] on a navigation) declares it
            if (!relationship.IsManyToMany && relationship.ForeignKey.Contains(name) && !HasMemberIgnoringCase(type, name))
            {
                return true;
            }

            if (relationship.IsManyToMany || !relationship.ForeignKey.IsEmpty || relationship.PrincipalKey.Length != 1)
            {
                continue;
            }

            var key = relationship.PrincipalKey[0];
            var principalName = relationship.Principal.Name;
            var baseName = relationship.DependentNavigation ?? principalName;
            var stripped = key.StartsWith(principalName, StringComparison.OrdinalIgnoreCase) ? key.Substring(principalName.Length) : key;
            if (string.Equals(name, baseName + key, StringComparison.OrdinalIgnoreCase) || string.Equals(name, baseName + stripped, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member whose name is closest (case-insensitive edit distance), when close enough to be a typo.</summary>
    internal static string? Closest(INamedTypeSymbol type, string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (member.IsStatic || member is not IPropertySymbol { IsIndexer: false } || !seen.Add(member.Name))
                {
                    continue;
                }

                var distance = Distance(name, member.Name);
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = member.Name;
                }
            }
        }

        var limit = Math.Max(1, Math.Min(3, name.Length / 3));
        return bestDistance <= limit ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private sealed class Reading
    {
        public Reading(ImmutableArray<RelationshipString> strings) => Strings = strings;

        public ImmutableArray<RelationshipString> Strings { get; }
    }
}
