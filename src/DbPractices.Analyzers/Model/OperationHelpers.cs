namespace DbPractices.Analyzers.Model;

/// <summary>Small readers of the shapes EF Core's configuration and query APIs take.</summary>
internal static class OperationHelpers
{
    public static IOperation? WalkDownConversions(this IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The receiver of an instance or reduced extension method call (<c>x</c> in <c>x.M()</c>).</summary>
    public static IOperation? GetReceiver(this IInvocationOperation invocation)
    {
        if (invocation.Instance is { } instance)
        {
            return instance.WalkDownConversions();
        }

        if (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value.WalkDownConversions();
                }
            }
        }

        return null;
    }

    /// <summary>The next call of a fluent chain (<c>B</c> in <c>x.A().B()</c> given <c>A</c>), extension calls included.</summary>
    public static IInvocationOperation? GetNextInChain(this IInvocationOperation invocation)
    {
        IOperation current = invocation;
        var parent = current.Parent;
        while (parent is IConversionOperation)
        {
            current = parent;
            parent = parent.Parent;
        }

        if (parent is IInvocationOperation next && next.Instance is { } instance && ReferenceEquals(instance.WalkDownConversions(), invocation))
        {
            return next;
        }

        if (parent is IArgumentOperation { Parameter.Ordinal: 0 } argument &&
            argument.Parent is IInvocationOperation extension &&
            extension.TargetMethod.IsExtensionMethod)
        {
            return extension;
        }

        return null;
    }

    /// <summary>The argument bound to the parameter with this name, or null.</summary>
    public static IArgumentOperation? GetArgument(this IInvocationOperation invocation, string parameterName)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The lambda an argument passes, through delegate creation and quoting conversions.</summary>
    public static IAnonymousFunctionOperation? GetLambda(this IOperation? operation)
    {
        operation = operation.WalkDownConversions();
        if (operation is IDelegateCreationOperation delegateCreation)
        {
            operation = delegateCreation.Target;
        }

        return operation as IAnonymousFunctionOperation;
    }

    /// <summary>The expression an expression-bodied lambda returns.</summary>
    public static IOperation? GetLambdaResult(this IAnonymousFunctionOperation lambda)
    {
        var operations = lambda.Body.Operations;
        if (operations.Length >= 1 && operations[0] is IReturnOperation { ReturnedValue: { } value })
        {
            return value.WalkDownConversions();
        }

        return null;
    }

    /// <summary>
    /// Member names an argument gives: <c>e => e.P</c>, <c>e => new { e.P, e.Q }</c>, <c>"P"</c>,
    /// <c>nameof(T.P)</c>, a constant, or a <c>params string[]</c> of those. Nested member access yields a dotted path.
    /// </summary>
    public static ImmutableArray<string> GetMemberNames(this IOperation? argumentValue)
    {
        var value = argumentValue.WalkDownConversions();
        if (value is null)
        {
            return ImmutableArray<string>.Empty;
        }

        if (value is IArrayCreationOperation { Initializer: { } initializer })
        {
            var names = ImmutableArray.CreateBuilder<string>();
            foreach (var element in initializer.ElementValues)
            {
                if (element.ConstantValue is { HasValue: true, Value: string text })
                {
                    names.Add(text);
                }
            }

            return names.ToImmutable();
        }

        if (value.ConstantValue is { HasValue: true, Value: string constant })
        {
            return ImmutableArray.Create(constant);
        }

        if (value.GetLambda() is { } lambda && lambda.GetLambdaResult() is { } body)
        {
            if (body is IAnonymousObjectCreationOperation anonymous)
            {
                var names = ImmutableArray.CreateBuilder<string>();
                foreach (var memberInitializer in anonymous.Initializers)
                {
                    var member = memberInitializer is IAssignmentOperation assignment ? assignment.Value : memberInitializer;
                    if (GetMemberPath(member, lambda) is { } path)
                    {
                        names.Add(path);
                    }
                }

                return names.ToImmutable();
            }

            if (GetMemberPath(body, lambda) is { } single)
            {
                return ImmutableArray.Create(single);
            }
        }

        return ImmutableArray<string>.Empty;
    }

    /// <summary><c>e.A.B</c> → "A.B" when rooted at the lambda's first parameter (casts allowed), else null.</summary>
    public static string? GetMemberPath(IOperation? operation, IAnonymousFunctionOperation lambda)
    {
        operation = operation.WalkDownConversions();
        if (operation is IMemberReferenceOperation { Member: IPropertySymbol or IFieldSymbol } member)
        {
            var instance = member.Instance.WalkDownConversions();
            if (instance is IParameterReferenceOperation parameter && IsFirstParameter(parameter, lambda))
            {
                return member.Member.Name;
            }

            return GetMemberPath(instance, lambda) is { } prefix ? prefix + "." + member.Member.Name : null;
        }

        return null;
    }

    private static bool IsFirstParameter(IParameterReferenceOperation parameter, IAnonymousFunctionOperation lambda) =>
        lambda.Symbol.Parameters.Length > 0 &&
        SymbolEqualityComparer.Default.Equals(parameter.Parameter, lambda.Symbol.Parameters[0]);

    /// <summary>The constant string of an operation, when it has one.</summary>
    public static string? GetConstantString(this IOperation? operation) =>
        operation.WalkDownConversions()?.ConstantValue is { HasValue: true, Value: string text } ? text : null;

    /// <summary>The method body, local function or lambda the operation runs in (its nearest one).</summary>
    public static IOperation? GetEnclosingBody(this IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IMethodBodyOperation or ILocalFunctionOperation or IAnonymousFunctionOperation)
            {
                return node;
            }
        }

        return null;
    }
}
