using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPractices.Analyzers.Model;

/// <summary>
/// Reads the fluent configuration one syntax tree holds (OnModelCreating, IEntityTypeConfiguration.Configure,
/// ConfigureConventions, helpers taking a builder, options callbacks) into <see cref="ConfigFact"/>s.
/// The result is cached per <see cref="SyntaxTree"/>: in the IDE an unchanged document keeps its tree
/// across keystrokes, so only the edited document is read again.
/// </summary>
internal static class FluentConfigurationReader
{
    private static readonly ConditionalWeakTable<SyntaxTree, ImmutableArray<ConfigFact>[]> Cache = new();

    /// <summary>Parameter types that mark a method as configuration code.</summary>
    private static readonly HashSet<string> BuilderTypeNames = new(StringComparer.Ordinal)
    {
        "ModelBuilder", "EntityTypeBuilder", "OwnedNavigationBuilder", "ModelConfigurationBuilder",
    };

    public static ImmutableArray<ConfigFact> Read(SyntaxTree tree, EfSymbols symbols, CancellationToken cancellationToken)
    {
        var slot = Cache.GetValue(tree, static _ => new ImmutableArray<ConfigFact>[1]);
        var cached = slot[0];
        if (!cached.IsDefault)
        {
            return cached;
        }

        var facts = ReadCore(tree, symbols, syntaxFirst: true, out _, cancellationToken);
        slot[0] = facts;
        return facts;
    }

    /// <summary>
    /// The facts of a tree without the cache, for tests: with <paramref name="syntaxFirst"/> as <see cref="Read"/> does
    /// (<see cref="FluentSyntaxReader"/> where it decides a method, binding the rest), else every method bound.
    /// </summary>
    internal static ImmutableArray<ConfigFact> ReadUncached(SyntaxTree tree, EfSymbols symbols, bool syntaxFirst, out int readFromSyntax) =>
        ReadCore(tree, symbols, syntaxFirst, out readFromSyntax, CancellationToken.None);

    /// <summary>
    /// Every fact needs one of these words in the tree's text: a builder parameter's type name, or an options call or
    /// assignment <see cref="ReadOptionsCall"/> and <see cref="TrackingDefaults"/> read. Most trees of an application
    /// (services, controllers, entities) have none, and an ordinal search of the text is far cheaper than walking its nodes.
    /// </summary>
    private static readonly string[] Markers =
    {
        "Builder", "UseLazyLoadingProxies", "UseQuerySplittingBehavior", "EnableRetryOnFailure", "ExecutionStrategy", "QueryTrackingBehavior",
    };

    private static bool MayHoldFacts(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken).ToString();
        foreach (var marker in Markers)
        {
            if (text.IndexOf(marker, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static ImmutableArray<ConfigFact> ReadCore(SyntaxTree tree, EfSymbols symbols, bool syntaxFirst, out int readFromSyntax, CancellationToken cancellationToken)
    {
        readFromSyntax = 0;
        if (!MayHoldFacts(tree, cancellationToken))
        {
            return ImmutableArray<ConfigFact>.Empty;
        }

        var root = tree.GetRoot(cancellationToken);
        var methods = new List<SyntaxNode>();
        var facts = ImmutableArray.CreateBuilder<ConfigFact>();

        // A syntax-only pass decides which bodies need binding: most trees have none.
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case MethodDeclarationSyntax method when HasBuilderParameter(method.ParameterList):
                    methods.Add(method);
                    break;
                case LocalFunctionStatementSyntax local when HasBuilderParameter(local.ParameterList):
                    methods.Add(local);
                    break;
                case InvocationExpressionSyntax invocation:
                    ReadOptionsCall(invocation, facts);
                    break;
                case AssignmentExpressionSyntax assignment when TrackingDefaults.NoTrackingInConstructor(assignment) is { } context:
                    facts.Add(new ConfigFact(ConfigFactKind.NoTrackingDefault, null, assignment.GetLocation()) { Name = context });
                    break;
            }
        }

        if (methods.Count == 0)
        {
            return facts.ToImmutable();
        }

        #pragma warning disable RS0030 // the per-tree fact reader runs outside any analysis context, once per tree (cached)
        var semanticModel = symbols.Compilation.GetSemanticModel(tree);
        #pragma warning restore RS0030
        var reader = new Reader(symbols, semanticModel, facts, syntaxFirst, cancellationToken);
        foreach (var method in methods)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reader.ReadMethod(method);
        }

        readFromSyntax = reader.ReadFromSyntax;
        return facts.ToImmutable();
    }

    private static bool HasBuilderParameter(ParameterListSyntax? parameters)
    {
        if (parameters is null)
        {
            return false;
        }

        foreach (var parameter in parameters.Parameters)
        {
            var type = parameter.Type;
            if (type is QualifiedNameSyntax qualified)
            {
                type = qualified.Right;
            }

            var name = type switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                GenericNameSyntax generic => generic.Identifier.ValueText,
                _ => null,
            };

            if (name is not null && BuilderTypeNames.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Options callbacks (OnConfiguring, AddDbContext(o => ...)) are read by name: no binding needed.</summary>
    private static void ReadOptionsCall(InvocationExpressionSyntax invocation, ImmutableArray<ConfigFact>.Builder facts)
    {
        if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name })
        {
            return;
        }

        if (name == "UseLazyLoadingProxies")
        {
            var disabled = invocation.ArgumentList.Arguments.Count > 0 &&
                invocation.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression);
            if (!disabled)
            {
                facts.Add(new ConfigFact(ConfigFactKind.LazyLoading, null, invocation.GetLocation()));
            }
        }
        else if (name == "UseQuerySplittingBehavior" &&
                 invocation.ArgumentList.Arguments.Count == 1 &&
                 invocation.ArgumentList.Arguments[0].Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SplitQuery" })
        {
            facts.Add(new ConfigFact(ConfigFactKind.SplitQueryDefault, null, invocation.GetLocation()));
        }
        else if (name is "EnableRetryOnFailure" or "ExecutionStrategy")
        {
            facts.Add(new ConfigFact(ConfigFactKind.RetryingStrategy, null, invocation.GetLocation()) { Name = ExecutionStrategies.ContextNameOf(invocation) });
        }
        else if (name == "UseQueryTrackingBehavior" && invocation.ArgumentList.Arguments.Count == 1 &&
                 TrackingDefaults.IsNoTracking(invocation.ArgumentList.Arguments[0].Expression))
        {
            facts.Add(new ConfigFact(ConfigFactKind.NoTrackingDefault, null, invocation.GetLocation()) { Name = ExecutionStrategies.ContextNameOf(invocation) });
        }
    }

    private sealed class Reader
    {
        private readonly EfSymbols _symbols;
        private readonly SemanticModel _semanticModel;
        private readonly ImmutableArray<ConfigFact>.Builder _facts;
        private readonly CancellationToken _cancellationToken;
        private readonly bool _syntaxFirst;

        public Reader(EfSymbols symbols, SemanticModel semanticModel, ImmutableArray<ConfigFact>.Builder facts, bool syntaxFirst, CancellationToken cancellationToken)
        {
            _symbols = symbols;
            _semanticModel = semanticModel;
            _facts = facts;
            _syntaxFirst = syntaxFirst;
            _cancellationToken = cancellationToken;
        }

        /// <summary>How many methods <see cref="FluentSyntaxReader"/> read without binding.</summary>
        public int ReadFromSyntax { get; private set; }

        public void ReadMethod(SyntaxNode method)
        {
            if (_semanticModel.GetDeclaredSymbol(method, _cancellationToken) is not IMethodSymbol symbol ||
                (symbol.ContainingType is { } containing && _symbols.IsMigrationOrSnapshot(containing)))
            {
                return;
            }

            var body = method switch
            {
                MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
                _ => null,
            };

            if (body is null)
            {
                return;
            }

            // A method taking EntityTypeBuilder<T> (Configure, or a helper) is a place to add configuration for T.
            if (method is MethodDeclarationSyntax { Body: { } block } && symbol.Parameters.Length > 0)
            {
                foreach (var parameter in symbol.Parameters)
                {
                    if (_symbols.GetBuilderEntityType(parameter.Type) is INamedTypeSymbol entity &&
                        _symbols.EntityTypeBuilderOfT is { } etb &&
                        SymbolEqualityComparer.Default.Equals(parameter.Type.OriginalDefinition, etb))
                    {
                        _facts.Add(new ConfigFact(ConfigFactKind.EntityBlock, entity.GetTypeKey(), block.GetLocation())
                        {
                            Name = parameter.Name,
                            IsConfigurationClass = symbol.Name == "Configure",
                        });
                    }
                }
            }

            var firstFact = _facts.Count;
            if (_syntaxFirst && method is MethodDeclarationSyntax declaration &&
                FluentSyntaxReader.TryRead(declaration, symbol, _symbols, _semanticModel, _facts, _cancellationToken))
            {
                ReadFromSyntax++;
            }
            else
            {
                ReadBody(body, symbol);
            }

            // every fact of the method names it as its owner: the model attributes it to the contexts reaching it
            var owner = OwnerOf(symbol);
            for (var i = firstFact; i < _facts.Count; i++)
            {
                _facts[i].Owner ??= owner;
            }
        }

        private void ReadBody(SyntaxNode body, IMethodSymbol symbol)
        {
            var operation = _semanticModel.GetOperation(body, _cancellationToken);
            if (operation is null)
            {
                return;
            }

            foreach (var descendant in operation.DescendantsAndSelf())
            {
                _cancellationToken.ThrowIfCancellationRequested();
                switch (descendant)
                {
                    case IInvocationOperation invocation:
                        ReadCall(invocation);
                        ReadInvocation(invocation);
                        break;
                    case IForEachLoopOperation loop:
                        ReadEntityTypesLoop(loop, symbol);
                        break;
                }
            }
        }

        private static string? OwnerOf(IMethodSymbol method)
        {
            ISymbol current = method;
            while (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && current.ContainingSymbol is { } outer)
            {
                current = outer;
            }

            return current is IMethodSymbol { ContainingType: { } type } owner ? ConfigFact.OwnerKey(type, owner.Name) : null;
        }

        /// <summary>What ties configuration code to a DbContext: calls of source methods, ApplyConfiguration(..).</summary>
        private void ReadCall(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var target = (method.ReducedFrom ?? method).OriginalDefinition;
            var location = invocation.Syntax.GetLocation();
            if (target.MethodKind != MethodKind.LocalFunction && target.ContainingType is { } type &&
                target.Locations.Length > 0 && target.Locations[0].IsInSource)
            {
                _facts.Add(new ConfigFact(ConfigFactKind.Call, null, location) { Name = ConfigFact.OwnerKey(type, target.Name) });
                return;
            }

            if (!IsType(method.ContainingType, _symbols.ModelBuilder))
            {
                return;
            }

            if (method.Name == "ApplyConfiguration" && invocation.Arguments.Length > 0 &&
                invocation.Arguments[invocation.Arguments.Length - 1].Value.WalkDownConversions()?.Type is INamedTypeSymbol configuration)
            {
                _facts.Add(new ConfigFact(ConfigFactKind.ApplyConfiguration, null, location) { Target = configuration.GetTypeKey() });
            }
            else if (method.Name == "ApplyConfigurationsFromAssembly")
            {
                _facts.Add(new ConfigFact(ConfigFactKind.ApplyConfigurationsFromAssembly, null, location));
            }
        }

        private void ReadInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (method.IsGenericMethod)
            {
                ReadGenericHelperCall(invocation, method);
            }
            else if (method.Name == "MakeGenericMethod")
            {
                ReadMakeGenericMethod(invocation);
            }

            var receiver = invocation.GetReceiver();
            var entityType = _symbols.GetBuilderEntityType(receiver?.Type);
            var location = invocation.Syntax.GetLocation();

            if (entityType is null)
            {
                if (receiver?.Type is INamedTypeSymbol { Name: "ComplexPropertyBuilder" or "ComplexCollectionBuilder" })
                {
                    ReadComplexBuilderInvocation(invocation, receiver, location);
                    return;
                }

                ReadModelLevelInvocation(invocation, receiver, location);
                return;
            }

            var entity = entityType.GetTypeKey();
            var firstFact = _facts.Count;
            ReadEntityInvocation(invocation, method, entity, location);

            // A generic method's facts on its own type parameter hold for the type arguments it is called with
            // (EfModelBuilder follows the calls); by its constraints when it is invoked for every entity type.
            if (entityType is ITypeParameterSymbol { DeclaringMethod: { } helper } methodTypeParameter)
            {
                var constraints = ImmutableArray.CreateBuilder<string>();
                foreach (var constraint in methodTypeParameter.ConstraintTypes)
                {
                    constraints.Add(constraint.GetTypeKey());
                }

                var key = ConfigFact.HelperKey(helper);
                for (var i = firstFact; i < _facts.Count; i++)
                {
                    _facts[i] = _facts[i].ForTypeParameter(constraints.ToImmutable(), key, methodTypeParameter.Ordinal);
                }
            }

            // A generic class (a base configuration class): its facts hold for every entity meeting the constraints.
            else if (entityType is ITypeParameterSymbol typeParameter)
            {
                var constraints = ImmutableArray.CreateBuilder<string>();
                foreach (var constraint in typeParameter.ConstraintTypes)
                {
                    constraints.Add(constraint.GetTypeKey());
                }

                for (var i = _facts.Count - 1; i >= firstFact; i--)
                {
                    if (constraints.Count == 0 || _facts[i].Kind is ConfigFactKind.QueryFilter or ConfigFactKind.Relationship or ConfigFactKind.EntityBlock or ConfigFactKind.Owned)
                    {
                        // unconstrained helpers say nothing about a particular entity; their filters are the loop's (LoopQueryFilter)
                        _facts.RemoveAt(i);
                    }
                    else
                    {
                        _facts[i] = _facts[i].ForTypeParameter(constraints.ToImmutable());
                    }
                }
            }
        }

        /// <summary>A call of a generic method of this source that takes a builder: which type arguments it configures.</summary>
        private void ReadGenericHelperCall(IInvocationOperation invocation, IMethodSymbol method)
        {
            var definition = method.OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.IsEmpty || !TakesBuilder(definition))
            {
                return;
            }

            var arguments = ImmutableArray.CreateBuilder<string>(method.TypeArguments.Length);
            foreach (var argument in method.TypeArguments)
            {
                arguments.Add(argument is ITypeParameterSymbol { DeclaringMethod: { } caller } parameter
                    ? ConfigFact.HelperTypeArgument(ConfigFact.HelperKey(caller), parameter.Ordinal)
                    : argument.GetTypeKey());
            }

            _facts.Add(new ConfigFact(ConfigFactKind.GenericHelperCall, null, invocation.Syntax.GetLocation())
            {
                Name = ConfigFact.HelperKey(definition),
                Types = arguments.MoveToImmutable(),
            });
        }

        /// <summary><c>GetMethod(nameof(Configure)).MakeGenericMethod(type)</c>: the named generic helpers of this type run for whatever types reach them.</summary>
        private void ReadMakeGenericMethod(IInvocationOperation invocation)
        {
            if (invocation.GetReceiver() is not { } receiver || _semanticModel.GetEnclosingSymbol(invocation.Syntax.SpanStart, _cancellationToken)?.ContainingType is not { } containing)
            {
                return;
            }

            foreach (var node in receiver.Syntax.DescendantNodesAndSelf())
            {
                var name = node switch
                {
                    LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => null,
                };

                if (name is null)
                {
                    continue;
                }

                foreach (var member in containing.GetMembers(name))
                {
                    if (member is IMethodSymbol { IsGenericMethod: true } helper)
                    {
                        _facts.Add(new ConfigFact(ConfigFactKind.GenericHelperForAll, null, invocation.Syntax.GetLocation()) { Name = ConfigFact.HelperKey(helper) });
                    }
                }
            }
        }

        private static bool TakesBuilder(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (BuilderTypeNames.Contains(parameter.Type.Name))
                {
                    return true;
                }
            }

            return false;
        }

        private void ReadEntityInvocation(IInvocationOperation invocation, IMethodSymbol method, string entity, Location location)
        {
            switch (method.Name)
            {
                case "HasKey":
                case "HasAlternateKey":
                    Add(ConfigFactKind.Key, entity, location, FirstArgumentMembers(invocation), isPrimaryKey: method.Name == "HasKey");
                    break;
                case "HasNoKey":
                    _facts.Add(new ConfigFact(ConfigFactKind.NoKey, entity, location));
                    break;
                case "HasIndex":
                    ReadIndex(invocation, entity, location);
                    break;
                case "Ignore":
                    Add(ConfigFactKind.Ignore, entity, location, FirstArgumentMembers(invocation));
                    break;
                case "OwnsOne":
                case "OwnsMany":
                    ReadOwned(invocation, entity, location);
                    break;
                case "ToTable":
                    ReadToTable(invocation, entity, location);
                    break;
                case "ToView":
                case "ToSqlQuery":
                case "ToFunction":
                    _facts.Add(new ConfigFact(ConfigFactKind.View, entity, location));
                    break;
                case "Property":
                    ReadProperty(invocation, entity, location);
                    break;
                case "HasOne":
                case "HasMany":
                    ReadRelationship(invocation, entity, location);
                    break;
                case "HasQueryFilter":
                    ReadQueryFilter(invocation, entity, location);
                    break;
                case "HasDiscriminator":
                    // HasDiscriminator<string>("blog_type") declares the shadow property blog_type
                    _facts.Add(new ConfigFact(ConfigFactKind.Discriminator, entity, location)
                    {
                        Name = invocation.Arguments.Length > 0 && invocation.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_String
                            ? invocation.Arguments[0].Value.GetConstantString()
                            : null,
                        Target = method.IsGenericMethod ? method.TypeArguments[0].GetTypeKey() : null,
                    });
                    break;
                case "Navigation":
                    ReadNavigation(invocation, entity, location);
                    break;
                case "ComplexProperty":
                case "ComplexCollection":
                    ReadComplexProperty(invocation, entity, null, location);
                    break;
            }
        }

        /// <summary>
        /// <c>ComplexProperty(e => e.Address)</c> / <c>ComplexCollection(e => e.Lines)</c> (EF Core 8+/10): a ComplexProperty fact
        /// with the property's path (Members), its complex type (Target), IsJson for a collection or when the chain maps
        /// it to JSON (<c>.ToJson()</c>).
        /// </summary>
        private void ReadComplexProperty(IInvocationOperation invocation, string entity, string? prefix, Location location)
        {
            string? member = null;
            ITypeSymbol? type = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.GetLambda() is { } lambda && lambda.GetLambdaResult() is { } result && OperationHelpers.GetMemberPath(result, lambda) is { } path)
                {
                    member = path;
                    type = result.Type;
                    break;
                }
            }

            if (member is null)
            {
                return;
            }

            if (invocation.TargetMethod.IsGenericMethod && invocation.TargetMethod.TypeArguments.Length > 0 && invocation.TargetMethod.Name == "ComplexCollection")
            {
                type = invocation.TargetMethod.TypeArguments[invocation.TargetMethod.TypeArguments.Length - 1];
            }
            else if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } collection && invocation.TargetMethod.Name == "ComplexCollection")
            {
                type = collection.TypeArguments[0];
            }

            var json = false;
            for (var next = invocation.GetNextInChain(); next is not null; next = next.GetNextInChain())
            {
                json |= next.TargetMethod.Name == "ToJson";
            }

            _facts.Add(new ConfigFact(ConfigFactKind.ComplexProperty, entity, location)
            {
                Members = ImmutableArray.Create(prefix is null ? member : prefix + "." + member),
                Target = type?.UnwrapNullable().GetTypeKey(),
                IsJson = json || invocation.TargetMethod.Name == "ComplexCollection",
            });
        }

        /// <summary>Configuration of a complex property's members: nested complex properties, column names and facets, ToJson.</summary>
        private void ReadComplexBuilderInvocation(IInvocationOperation invocation, IOperation receiver, Location location)
        {
            if (ComplexPath(receiver, 0) is not var (entity, path))
            {
                return;
            }

            switch (invocation.TargetMethod.Name)
            {
                case "ComplexProperty":
                case "ComplexCollection":
                    ReadComplexProperty(invocation, entity, path, location);
                    break;
                case "Property":
                    ReadProperty(invocation, entity, location, path);
                    break;
                case "ToJson":
                    _facts.Add(new ConfigFact(ConfigFactKind.ComplexProperty, entity, location) { Members = ImmutableArray.Create(path), IsJson = true });
                    break;
            }
        }

        /// <summary>The entity and property path a complex property builder stands for: the ComplexProperty call it comes from, or the lambda parameter of one.</summary>
        private (string Entity, string Path)? ComplexPath(IOperation? operation, int depth)
        {
            operation = operation?.WalkDownConversions();
            if (depth > 8)
            {
                return null;
            }

            if (operation is IParameterReferenceOperation { Parameter.ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } } parameter &&
                parameter.Parameter.DeclaringSyntaxReferences.Length == 1 &&
                parameter.Parameter.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken).FirstAncestorOrSelf<LambdaExpressionSyntax>() is { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } } &&
                call.SyntaxTree == _semanticModel.SyntaxTree)
            {
                operation = _semanticModel.GetOperation(call, _cancellationToken);
            }

            if (operation is not IInvocationOperation { TargetMethod.Name: "ComplexProperty" or "ComplexCollection" } complex)
            {
                return null;
            }

            string? member = null;
            foreach (var argument in complex.Arguments)
            {
                if (argument.Value.GetLambda() is { } lambda && lambda.GetLambdaResult() is { } result && OperationHelpers.GetMemberPath(result, lambda) is { } path)
                {
                    member = path;
                    break;
                }
            }

            if (member is null)
            {
                return null;
            }

            var receiver = complex.GetReceiver();
            if (_symbols.GetBuilderEntityType(receiver?.Type) is INamedTypeSymbol entity)
            {
                return (entity.GetTypeKey(), member);
            }

            return ComplexPath(receiver, depth + 1) is var (owner, prefix) ? (owner, prefix + "." + member) : null;
        }

        private void ReadModelLevelInvocation(IInvocationOperation invocation, IOperation? receiver, Location location)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Entity" when method.IsGenericMethod && IsType(method.ContainingType, _symbols.ModelBuilder):
                {
                    var entity = method.TypeArguments[0].GetTypeKey();
                    _facts.Add(new ConfigFact(ConfigFactKind.EntityDeclared, entity, location));
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Value.GetLambda() is { Syntax: LambdaExpressionSyntax { Body: BlockSyntax block } } lambda &&
                            lambda.Symbol.Parameters.Length == 1)
                        {
                            _facts.Add(new ConfigFact(ConfigFactKind.EntityBlock, entity, block.GetLocation())
                            {
                                Name = lambda.Symbol.Parameters[0].Name,
                            });
                        }
                    }

                    break;
                }

                case "Remove" when receiver?.Type?.Name == "ConventionSetBuilder":
                {
                    string? convention = null;
                    if (method.IsGenericMethod)
                    {
                        convention = method.TypeArguments[0].Name;
                    }
                    else if (invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.WalkDownConversions() is ITypeOfOperation typeOf)
                    {
                        convention = typeOf.TypeOperand.Name;
                    }

                    if (convention is not null)
                    {
                        _facts.Add(new ConfigFact(ConfigFactKind.ConventionRemoved, null, location) { Name = convention });
                    }

                    break;
                }

                case "Properties" when method.IsGenericMethod && IsType(method.ContainingType, _symbols.ModelConfigurationBuilder):
                {
                    var type = method.TypeArguments[0].UnwrapNullable().GetTypeKey();
                    for (var next = invocation.GetNextInChain(); next is not null; next = next.GetNextInChain())
                    {
                        PropertyFacet? facet = next.TargetMethod.Name switch
                        {
                            "HaveMaxLength" => PropertyFacet.MaxLength,
                            "HavePrecision" => PropertyFacet.Precision,
                            "HaveColumnType" => PropertyFacet.ColumnType,
                            "HaveConversion" => PropertyFacet.Conversion,
                            "AreUnicode" or "AreFixedLength" => null,
                            _ => null,
                        };

                        if (facet is { } f)
                        {
                            _facts.Add(new ConfigFact(ConfigFactKind.BulkConvention, null, location) { Target = type, Facet = f });
                        }
                    }

                    break;
                }

                case "IsTemporal" when receiver?.Type is INamedTypeSymbol { Name: "TableBuilder", IsGenericType: true } tableBuilder:
                    ReadTemporal(invocation, tableBuilder.TypeArguments[0].GetTypeKey(), location);
                    break;
            }
        }

        private void ReadIndex(IInvocationOperation invocation, string entity, Location location)
        {
            var members = FirstArgumentMembers(invocation);
            var filtered = false;
            var unique = false;
            for (var next = invocation.GetNextInChain(); next is not null; next = next.GetNextInChain())
            {
                switch (next.TargetMethod.Name)
                {
                    case "HasFilter":
                        // HasFilter(null) removes a filter.
                        var sqlIndex = next.TargetMethod.IsExtensionMethod && next.Instance is null ? 1 : 0;
                        var sql = next.Arguments.Length > sqlIndex ? next.Arguments[sqlIndex].Value : null;
                        filtered = sql?.WalkDownConversions() is not ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };
                        break;
                    case "IsUnique":
                        unique = next.Arguments.Length == 0 || next.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: false };
                        break;
                }
            }

            _facts.Add(new ConfigFact(ConfigFactKind.Index, entity, location) { Members = members, IsFiltered = filtered, IsUnique = unique });
        }

        private void ReadOwned(IInvocationOperation invocation, string entity, Location location)
        {
            var method = invocation.TargetMethod;
            string? ownedType = method.IsGenericMethod ? method.TypeArguments[0].GetTypeKey() : null;
            string? navigation = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                {
                    navigation ??= argument.Value.GetConstantString();
                }
                else if (argument.Value.GetLambda() is { } lambda && lambda.GetLambdaResult() is { } result && OperationHelpers.GetMemberPath(result, lambda) is { } path)
                {
                    navigation = path;
                }
            }

            _facts.Add(new ConfigFact(ConfigFactKind.Owned, entity, location)
            {
                Target = ownedType,
                Name = navigation,
            });
        }

        private void ReadToTable(IInvocationOperation invocation, string entity, Location location)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Name: "name" } && argument.Value.GetConstantString() is { } table)
                {
                    _facts.Add(new ConfigFact(ConfigFactKind.ToTable, entity, location) { Name = table });
                    return;
                }
            }
        }

        private void ReadTemporal(IInvocationOperation invocation, string entity, Location location)
        {
            string? start = null;
            string? end = null;
            foreach (var descendant in invocation.Descendants())
            {
                if (descendant is IInvocationOperation { TargetMethod.Name: "HasPeriodStart" or "HasPeriodEnd" } period &&
                    period.Arguments.Length > 0 && period.Arguments[period.Arguments.Length - 1].Value.GetConstantString() is { } name)
                {
                    if (period.TargetMethod.Name == "HasPeriodStart")
                    {
                        start = name;
                    }
                    else
                    {
                        end = name;
                    }
                }
            }

            _facts.Add(new ConfigFact(ConfigFactKind.Temporal, entity, location)
            {
                Members = ImmutableArray.Create(start ?? "PeriodStart", end ?? "PeriodEnd"),
            });
        }

        /// <param name="complexPath">For a member of a complex property: the property's path ("ShippingAddress"); the facts then name "ShippingAddress.City".</param>
        private void ReadProperty(IInvocationOperation invocation, string entity, Location location, string? complexPath = null)
        {
            var method = invocation.TargetMethod;
            var members = FirstArgumentMembers(invocation);
            if (members.Length != 1)
            {
                return;
            }

            if (complexPath is not null)
            {
                members = ImmutableArray.Create(complexPath + "." + members[0]);
            }

            var property = members[0];
            var isStringForm = invocation.Arguments.Length > 0 && invocation.Arguments[0].Parameter?.Type.SpecialType == SpecialType.System_String;
            if (isStringForm && method.IsGenericMethod && complexPath is null)
            {
                _facts.Add(new ConfigFact(ConfigFactKind.ShadowProperty, entity, location)
                {
                    Name = property,
                    Target = method.TypeArguments[0].GetTypeKey(),
                });
            }

            for (var next = invocation.GetNextInChain(); next is not null; next = next.GetNextInChain())
            {
                var name = next.TargetMethod.Name;
                switch (name)
                {
                    case "HasColumnName":
                        if (LastArgumentString(next) is { } column)
                        {
                            _facts.Add(new ConfigFact(ConfigFactKind.ColumnName, entity, location) { Members = members, Name = column });
                        }

                        break;
                    case "HasMaxLength":
                        AddFacet(PropertyFacet.MaxLength);
                        break;
                    case "HasPrecision":
                        AddFacet(PropertyFacet.Precision);
                        break;
                    case "HasColumnType":
                        AddFacet(PropertyFacet.ColumnType, LastArgumentString(next));
                        break;
                    case "IsRequired":
                        AddFacet(PropertyFacet.Required, next.Arguments.Length > 0 && next.Arguments[next.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: false } ? "false" : "true");
                        break;
                    case "HasConversion":
                        AddFacet(PropertyFacet.Conversion);
                        break;
                    case "IsRowVersion":
                        AddFacet(PropertyFacet.ConcurrencyToken);
                        break;
                    case "IsConcurrencyToken":
                        AddFacet(PropertyFacet.ConcurrencyToken, next.Arguments.Length > 0 && next.Arguments[next.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: false } ? "false" : "true");
                        break;
                }

                void AddFacet(PropertyFacet facet, string? value = null) =>
                    _facts.Add(new ConfigFact(ConfigFactKind.PropertyFacet, entity, next.Syntax.GetLocation()) { Members = members, Facet = facet, Name = value });
            }
        }

        private void ReadRelationship(IInvocationOperation invocation, string entity, Location location)
        {
            var method = invocation.TargetMethod;
            string? target = method.IsGenericMethod ? method.TypeArguments[0].GetTypeKey() : null;
            var navigation = FirstArgumentMembers(invocation).FirstOrDefault();
            var isCollection = method.Name == "HasMany";

            if (target is null && navigation is not null && invocation.Arguments.Length > 0 && invocation.Arguments[0].Value.GetLambda() is { } lambda &&
                lambda.GetLambdaResult()?.Type is { } navType)
            {
                target = navType.GetTypeKey();
            }

            var relationship = new RelationshipFact { Navigation = navigation, IsCollection = isCollection };

            for (var next = invocation.GetNextInChain(); next is not null; next = next.GetNextInChain())
            {
                var name = next.TargetMethod.Name;
                switch (name)
                {
                    case "WithOne":
                    case "WithMany":
                        relationship.WithCalled = true;
                        relationship.InverseIsCollection = name == "WithMany";
                        relationship.Inverse = FirstArgumentMembers(next).FirstOrDefault();
                        break;
                    case "HasForeignKey":
                        relationship.ForeignKey = FirstArgumentMembers(next);
                        relationship.ForeignKeyLocation = next.Syntax.GetLocation();
                        if (next.TargetMethod.IsGenericMethod)
                        {
                            relationship.DependentHint = next.TargetMethod.TypeArguments[0].GetTypeKey();
                        }

                        break;
                    case "HasPrincipalKey":
                        relationship.PrincipalKey = FirstArgumentMembers(next);
                        if (next.TargetMethod.IsGenericMethod)
                        {
                            // the other side is the dependent
                            var principal = next.TargetMethod.TypeArguments[0].GetTypeKey();
                            relationship.DependentHint ??= principal == entity ? target : entity;
                        }

                        break;
                    case "IsRequired":
                        relationship.IsRequired = next.Arguments.Length == 0 || next.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: false };
                        relationship.Required = relationship.IsRequired;
                        break;
                }
            }

            _facts.Add(new ConfigFact(ConfigFactKind.Relationship, entity, location) { Target = target, Relationship = relationship });
        }

        private void ReadQueryFilter(IInvocationOperation invocation, string entity, Location location)
        {
            string? name = null;
            var reads = ImmutableArray<string>.Empty;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_String)
                {
                    name = argument.Value.GetConstantString();
                }
                else if (argument.Value.GetLambda() is { } lambda)
                {
                    reads = ReadMembersOfParameter(lambda);
                }
            }

            _facts.Add(new ConfigFact(ConfigFactKind.QueryFilter, entity, location) { Name = name, Members = reads });
        }

        private void ReadNavigation(IInvocationOperation invocation, string entity, Location location)
        {
            var navigation = FirstArgumentMembers(invocation).FirstOrDefault();
            for (var next = invocation.GetNextInChain(); next is not null; next = next.GetNextInChain())
            {
                if (next.TargetMethod.Name == "IsRequired" && navigation is not null)
                {
                    _facts.Add(new ConfigFact(ConfigFactKind.NavigationRequired, entity, location)
                    {
                        Name = navigation,
                        IsRequired = next.Arguments.Length == 0 || next.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: false },
                    });
                }

                if (next.TargetMethod.Name == "AutoInclude" &&
                    (next.Arguments.Length == 0 || next.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: false }))
                {
                    _facts.Add(new ConfigFact(ConfigFactKind.AutoInclude, entity, location) { Name = navigation });
                }
            }
        }

        /// <summary>
        /// <c>foreach (var et in modelBuilder.Model.GetEntityTypes()) { if (typeof(ITenant).IsAssignableFrom(et.ClrType)) ...HasQueryFilter/SetQueryFilter... }</c>,
        /// often through a generic helper in the same class. What the filter reads is taken from the names
        /// the loop and its helpers mention; which entities it covers from the types it tests.
        /// </summary>
        private void ReadEntityTypesLoop(IForEachLoopOperation loop, IMethodSymbol method)
        {
            var mentionsGetEntityTypes = false;
            foreach (var node in loop.Collection.Syntax.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax { Identifier.ValueText: "GetEntityTypes" })
                {
                    mentionsGetEntityTypes = true;
                    break;
                }
            }

            if (!mentionsGetEntityTypes)
            {
                return;
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            var types = ImmutableArray.CreateBuilder<string>();
            string? filterName = null;
            var setsFilter = Collect(loop.Body.Syntax, names, types, ref filterName);

            // helpers of the same type the loop names (called, or passed by nameof to MakeGenericMethod)
            if (method.ContainingType is { } containing)
            {
                foreach (var member in containing.GetMembers())
                {
                    if (member is IMethodSymbol helper && !SymbolEqualityComparer.Default.Equals(helper, method) && names.Contains(helper.Name))
                    {
                        if (helper.IsGenericMethod)
                        {
                            _facts.Add(new ConfigFact(ConfigFactKind.GenericHelperForAll, null, loop.Syntax.GetLocation()) { Name = ConfigFact.HelperKey(helper) });
                        }

                        foreach (var reference in helper.DeclaringSyntaxReferences)
                        {
                            setsFilter |= Collect(reference.GetSyntax(_cancellationToken), names, types, ref filterName);
                        }

                        foreach (var typeParameter in helper.TypeParameters)
                        {
                            foreach (var constraint in typeParameter.ConstraintTypes)
                            {
                                types.Add(constraint.GetTypeKey());
                            }
                        }
                    }
                }
            }

            if (!setsFilter)
            {
                return;
            }

            // EF Core 10: one loop may set several named filters (SetQueryFilter("SoftDelete", ..); SetQueryFilter("Tenant", ..)):
            // each is a filter of its own, reading what its own expression is built from
            if (ReadNamedLoopFilters(loop, types))
            {
                return;
            }

            var members = ImmutableArray.CreateBuilder<string>(names.Count);
            members.AddRange(names);
            _facts.Add(new ConfigFact(ConfigFactKind.LoopQueryFilter, null, loop.Syntax.GetLocation())
            {
                Members = members.ToImmutable(),
                Types = types.ToImmutable(),
                Name = filterName,
            });
        }

        /// <summary>
        /// Two or more named filter calls written in the loop's body: one LoopQueryFilter each, whose reads are the names
        /// the call mentions, the locals it uses (followed back through their initializers and assignments in the loop),
        /// and the conditions that guard it (enclosing <c>if</c>s, and <c>if (..) continue;</c> before it). False when
        /// the loop has fewer than two such calls or any unnamed one (then the loop is read as one filter).
        /// </summary>
        private bool ReadNamedLoopFilters(IForEachLoopOperation loop, ImmutableArray<string>.Builder loopTypes)
        {
            var body = loop.Body.Syntax;
            List<InvocationExpressionSyntax>? calls = null;
            foreach (var node in body.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "HasQueryFilter" or "SetQueryFilter" } } call)
                {
                    if (call.ArgumentList.Arguments.Count < 2)
                    {
                        return false;
                    }

                    (calls ??= new List<InvocationExpressionSyntax>()).Add(call);
                }
            }

            if (calls is null || calls.Count < 2)
            {
                return false;
            }

            // locals of the loop body by name: what each is assigned from
            var sources = new Dictionary<string, List<SyntaxNode>>(StringComparer.Ordinal);
            foreach (var node in body.DescendantNodes())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer.Value: { } value } declarator:
                        AddSource(declarator.Identifier.ValueText, value);
                        break;
                    case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment:
                        AddSource(target.Identifier.ValueText, assignment.Right);
                        break;
                }
            }

            foreach (var call in calls)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                var types = ImmutableArray.CreateBuilder<string>();
                string? ignored = null;
                var pending = new Stack<SyntaxNode>();
                var seen = new HashSet<SyntaxNode>();
                pending.Push(call);
                for (SyntaxNode? child = call, parent = call.Parent; parent is not null && child != body; child = parent, parent = parent.Parent)
                {
                    if (parent is IfStatementSyntax { Condition: { } condition } && child != condition)
                    {
                        pending.Push(condition);
                    }
                    else if (parent is BlockSyntax block)
                    {
                        foreach (var statement in block.Statements)
                        {
                            if (statement == child)
                            {
                                break;
                            }

                            if (statement is IfStatementSyntax guard &&
                                (guard.Statement is ContinueStatementSyntax || (guard.Statement is BlockSyntax { Statements.Count: 1 } only && only.Statements[0] is ContinueStatementSyntax)))
                            {
                                pending.Push(guard.Condition);
                            }
                        }
                    }
                }

                while (pending.Count > 0)
                {
                    var node = pending.Pop();
                    if (!seen.Add(node))
                    {
                        continue;
                    }

                    Collect(node, names, types, ref ignored);
                    foreach (var identifier in node.DescendantNodesAndSelf())
                    {
                        if (identifier is IdentifierNameSyntax { Identifier.ValueText: var local } && sources.TryGetValue(local, out var from))
                        {
                            foreach (var source in from)
                            {
                                pending.Push(source);
                            }
                        }
                    }
                }

                var members = ImmutableArray.CreateBuilder<string>(names.Count);
                members.AddRange(names);
                _facts.Add(new ConfigFact(ConfigFactKind.LoopQueryFilter, null, call.GetLocation())
                {
                    Members = members.ToImmutable(),
                    Types = types.Count > 0 ? types.ToImmutable() : loopTypes.ToImmutable(),
                    Name = FilterKey(call.ArgumentList.Arguments[0].Expression),
                });
            }

            return true;

            void AddSource(string local, SyntaxNode value)
            {
                if (!sources.TryGetValue(local, out var list))
                {
                    sources[local] = list = new List<SyntaxNode>();
                }

                list.Add(value);
            }
        }

        /// <summary>An EF Core 10 filter key: a literal or a constant of this tree; "?" when not known.</summary>
        private string FilterKey(ExpressionSyntax key)
        {
            if (key is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return literal.Token.ValueText;
            }

            return key.SyntaxTree == _semanticModel.SyntaxTree &&
                   _semanticModel.GetConstantValue(key, _cancellationToken) is { HasValue: true, Value: string constant }
                ? constant
                : "?";
        }

        private bool Collect(SyntaxNode node, HashSet<string> names, ImmutableArray<string>.Builder types, ref string? filterName)
        {
            var setsFilter = false;
            foreach (var descendant in node.DescendantNodesAndSelf())
            {
                switch (descendant)
                {
                    // EF Core 10 named filters take the key first: HasQueryFilter("key", filter), SetQueryFilter("key", filter)
                    case InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "HasQueryFilter" or "SetQueryFilter" },
                        ArgumentList.Arguments: { Count: >= 2 } filterArguments,
                    }:
                        filterName ??= FilterKey(filterArguments[0].Expression);
                        break;
                    case IdentifierNameSyntax identifier:
                        var text = identifier.Identifier.ValueText;
                        names.Add(text);
                        setsFilter |= text is "HasQueryFilter" or "SetQueryFilter";
                        break;
                    case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                        names.Add(literal.Token.ValueText);
                        break;
                    case TypeOfExpressionSyntax typeOf when _semanticModel.SyntaxTree == typeOf.SyntaxTree:
                        if (_semanticModel.GetTypeInfo(typeOf.Type, _cancellationToken).Type is { TypeKind: not TypeKind.Error } type)
                        {
                            types.Add(type.GetTypeKey());
                        }

                        break;
                }
            }

            return setsFilter;
        }

        private static ImmutableArray<string> ReadMembersOfParameter(IAnonymousFunctionOperation lambda)
        {
            var reads = ImmutableArray.CreateBuilder<string>();
            foreach (var descendant in lambda.Body.Descendants())
            {
                if (descendant is IMemberReferenceOperation memberReference &&
                    memberReference.Parent is not IMemberReferenceOperation &&
                    OperationHelpers.GetMemberPath(memberReference, lambda) is { } path)
                {
                    reads.Add(path);
                }
                else if (descendant is IInvocationOperation { TargetMethod.Name: "Property", TargetMethod.ContainingType.Name: "EF" } efProperty &&
                         efProperty.Arguments.Length == 2 && efProperty.Arguments[1].Value.GetConstantString() is { } name)
                {
                    reads.Add(name);
                }
            }

            return reads.ToImmutable();
        }

        private void Add(ConfigFactKind kind, string entity, Location location, ImmutableArray<string> members, bool isPrimaryKey = false) =>
            _facts.Add(new ConfigFact(kind, entity, location) { Members = members, IsPrimaryKey = isPrimaryKey });

        private static ImmutableArray<string> FirstArgumentMembers(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == (invocation.TargetMethod.IsExtensionMethod && invocation.Instance is null ? 1 : 0))
                {
                    return argument.Value.GetMemberNames();
                }
            }

            return ImmutableArray<string>.Empty;
        }

        private static string? LastArgumentString(IInvocationOperation invocation) =>
            invocation.Arguments.Length > 0 ? invocation.Arguments[invocation.Arguments.Length - 1].Value.GetConstantString() : null;

        private static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected) =>
            type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);
    }

    private static string? FirstOrDefault(this ImmutableArray<string> items) => items.IsDefaultOrEmpty ? null : items[0];
}
