using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Rules.Mapping;

/// <summary>
/// DBP003 and DBP004, one analyzer because both read the same strings: a member name given to EF Core as a
/// string literal (or a const holding one) in a relationship or model API. When the string names an existing
/// member (or a shadow property the model declares) it is DBP003 (use <c>nameof</c> or the lambda overload);
/// when it names nothing, DBP004 (with the closest member as "did you mean").
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RelationshipStringAnalyzer : DbpAnalyzer
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

    public static readonly DiagnosticDescriptor NamedByString = Descriptors.Create(
        RuleIdentifiers.RelationshipMemberNamedByString,
        "Relationship member named by a string",
        "\"{0}\" names '{1}.{2}' by a string: use {3} so that renames and typos are caught by the compiler",
        RuleCategories.Design,
        DiagnosticSeverity.Warning,
        "Member names in relationship and model configuration should be compile-checked references (nameof, lambdas), not strings.");

    public static readonly DiagnosticDescriptor NamesNoMember = Descriptors.Create(
        RuleIdentifiers.RelationshipStringNamesNoMember,
        "Relationship string names no member",
        "\"{0}\" names no member of '{1}'{2}",
        RuleCategories.Reliability,
        DiagnosticSeverity.Error,
        "A string naming a member that does not exist makes EF Core create a shadow property silently or fail when it builds the model.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(NamedByString, NamesNoMember);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext context, EfSymbols symbols)
    {
        var efAssembly = symbols.DbContext.ContainingAssembly;
        var entityEntryOfT = symbols.GetType("Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry`1");
        var referenceNavigationBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.ReferenceNavigationBuilder`2");
        var collectionNavigationBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.CollectionNavigationBuilder`2");
        var referenceCollectionBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.ReferenceCollectionBuilder`2");
        var referenceReferenceBuilder = symbols.GetType("Microsoft.EntityFrameworkCore.Metadata.Builders.ReferenceReferenceBuilder`2");
        var attributes = ImmutableArray.Create(symbols.ForeignKeyAttribute, symbols.InversePropertyAttribute, symbols.IndexAttribute, symbols.PrimaryKeyAttribute);

        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);

        void AnalyzeInvocation(OperationAnalysisContext operationContext)
        {
            var invocation = (IInvocationOperation)operationContext.Operation;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "HasKey" or "HasAlternateKey" or "HasIndex" or "Property" or "Navigation" or "HasOne" or "HasMany" or "WithOne" or "WithMany" or
                    "HasForeignKey" or "HasPrincipalKey" or "Include" or "Reference" or "Collection":
                    break;
                default:
                    return;
            }

            if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, efAssembly) || invocation.Arguments.Length == 0)
            {
                return;
            }

            if (method.Name == "Property" && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.EF))
            {
                // EF.Property<T>(entity, "Name"): the entity argument's static type owns the member
                if (invocation.Arguments.Length == 2 && invocation.Arguments[0].Value.WalkDownConversions()?.Type is INamedTypeSymbol owner)
                {
                    CheckArgument(operationContext, invocation.Arguments[1].Value, owner, ApiKind.Nameof);
                }

                return;
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
                            CheckIncludePath(operationContext, symbols, argument.Value, root);
                        }
                    }
                }

                return;
            }

            INamedTypeSymbol? owner2 = null;
            var kind = ApiKind.Lambda;
            var isShadowDeclaration = false;

            // HasForeignKey("BlogId") with no such member declares a shadow foreign key (EF Core's documented way)
            var declaresForeignKey = method.Name == "HasForeignKey";
            switch (method.Name)
            {
                case "Reference" or "Collection" or "Property" when IsGeneric(receiverType, entityEntryOfT):
                    owner2 = receiverType!.TypeArguments[0] as INamedTypeSymbol;
                    break;
                case "WithOne" or "WithMany" when IsGeneric(receiverType, referenceNavigationBuilder) || IsGeneric(receiverType, collectionNavigationBuilder):
                    owner2 = receiverType!.TypeArguments[1] as INamedTypeSymbol;
                    break;
                case "HasForeignKey" or "HasPrincipalKey" when IsGeneric(receiverType, referenceCollectionBuilder):
                    owner2 = receiverType!.TypeArguments[method.Name == "HasForeignKey" ? 1 : 0] as INamedTypeSymbol;
                    break;
                case "HasForeignKey" or "HasPrincipalKey" when IsGeneric(receiverType, referenceReferenceBuilder):
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
                return;
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
                        CheckArgument(operationContext, element, owner2, one ? kind : ApiKind.Nameof, isShadowDeclaration, declaresForeignKey);
                    }
                }
                else
                {
                    CheckArgument(operationContext, argument.Value, owner2, single ? kind : ApiKind.Nameof, isShadowDeclaration, declaresForeignKey);
                }
            }
        }

        void AnalyzeAttribute(SyntaxNodeAnalysisContext syntaxContext)
        {
            var attribute = (AttributeSyntax)syntaxContext.Node;
            if (attribute.ArgumentList is not { Arguments.Count: > 0 } arguments)
            {
                return;
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
                return;
            }

            var semanticModel = syntaxContext.SemanticModel;
            if (semanticModel.GetSymbolInfo(attribute, syntaxContext.CancellationToken).Symbol is not IMethodSymbol { ContainingType: { } attributeType } ||
                !IsOneOf(attributeType, attributes))
            {
                return;
            }

            var target = attribute.Parent?.Parent switch
            {
                PropertyDeclarationSyntax p => semanticModel.GetDeclaredSymbol(p, syntaxContext.CancellationToken),
                FieldDeclarationSyntax f when f.Declaration.Variables.Count > 0 => semanticModel.GetDeclaredSymbol(f.Declaration.Variables[0], syntaxContext.CancellationToken),
                TypeDeclarationSyntax t => semanticModel.GetDeclaredSymbol(t, syntaxContext.CancellationToken),
                _ => null,
            };
            if (target is null)
            {
                return;
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
                return;
            }

            foreach (var argument in arguments.Arguments)
            {
                if (argument.NameEquals is not null || argument.NameColon is not null)
                {
                    continue;
                }

                if (semanticModel.GetOperation(argument.Expression, syntaxContext.CancellationToken) is { } operation)
                {
                    Check(syntaxContext.ReportDiagnostic, operation, owner, ApiKind.Nameof, isShadowDeclaration: false, declaresForeignKey,
                        splitCommas: SymbolEqualityComparer.Default.Equals(attributeType, symbols.ForeignKeyAttribute), target as INamedTypeSymbol ?? target.ContainingType,
                        syntaxContext.Compilation, syntaxContext.CancellationToken);
                }
            }
        }

        static void CheckArgument(OperationAnalysisContext operationContext, IOperation value, INamedTypeSymbol owner, ApiKind kind, bool isShadowDeclaration = false, bool declaresForeignKey = false) =>
            Check(operationContext.ReportDiagnostic, value, owner, kind, isShadowDeclaration, declaresForeignKey, splitCommas: false,
                operationContext.ContainingSymbol as INamedTypeSymbol ?? operationContext.ContainingSymbol.ContainingType, operationContext.Compilation, operationContext.CancellationToken);
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
    /// <param name="within">The type the string is written in: a member not accessible there has no compile-checked reference (DBP003 stays silent).</param>
    private static void Check(Action<Diagnostic> report, IOperation value, INamedTypeSymbol owner, ApiKind kind, bool isShadowDeclaration, bool declaresForeignKey, bool splitCommas,
        INamedTypeSymbol? within, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        if (LiteralText(value) is not { } text || text.Length == 0)
        {
            return;
        }

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

                report(Diagnostic.Create(NamedByString, location, properties.ToImmutable(), name, owner.Name, member.Name, useLambda ? "the lambda overload" : "nameof"));
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

            report(Diagnostic.Create(NamesNoMember, location, noMember.ToImmutable(), name, owner.Name, closest is null ? string.Empty : $" (did you mean '{closest}'?)"));
        }
    }

    private static void CheckIncludePath(OperationAnalysisContext context, EfSymbols symbols, IOperation value, INamedTypeSymbol root)
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
                if (DerivedTypeHasMember(context.Compilation, type, segment, context.CancellationToken))
                {
                    return;
                }

                missing = segment;
                missingOwner = type;
                var closest = Closest(type, segment);
                if (closest is null)
                {
                    Report(null);
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

        Report(string.Join(".", corrected));

        void Report(string? path)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[TypeKey] = root.GetTypeKey();
            if (path is not null)
            {
                properties[FixKey] = IncludeFix;
                properties[PathKey] = path;
            }

            if (missing is null)
            {
                context.ReportDiagnostic(Diagnostic.Create(NamedByString, value.Syntax.GetLocation(), properties.ToImmutable(), text, root.Name, text, "the lambda overload (Include/ThenInclude)"));
            }
            else
            {
                var suggestion = path is null ? string.Empty : $" (did you mean '{path}'?)";
                context.ReportDiagnostic(Diagnostic.Create(NamesNoMember, value.Syntax.GetLocation(), properties.ToImmutable(), missing, missingOwner!.Name, suggestion));
            }
        }
    }

    private static bool DerivedTypeHasMember(Compilation compilation, INamedTypeSymbol type, string name, System.Threading.CancellationToken cancellationToken)
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
}
