namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>
/// What EF Core's own analyzer (Microsoft.EntityFrameworkCore.Analyzers, shipped with EF Core) reports on a
/// raw SQL call, mirrored condition for condition so DBP013 never reports the same call:
/// EF1002 (EF Core 8+): the <c>sql</c> argument is an interpolated string with a non-constant hole;
/// EF1003 (EF Core 10+): it is a string concatenation with a non-constant operand at any level;
/// newer EF Core (11+) also reports <c>string.Format</c>/<c>string.Concat</c> with a non-constant argument.
/// EF Core looks at the argument as written (<c>Arguments[1]</c>, no unwrapping), so the same is done here.
/// </summary>
internal static class EfCoreRawSqlWarnings
{
    public const string InterpolatedStringId = "EF1002";
    public const string ConcatenationId = "EF1003";

    /// <summary>True when EF Core's analyzer of that major version reports this call (0 = unknown: assume the newest).</summary>
    public static bool Reports(IInvocationOperation invocation, int efMajorVersion)
    {
        if (efMajorVersion == 0)
        {
            efMajorVersion = int.MaxValue;
        }

        if (efMajorVersion < 8 || invocation.TargetMethod.Name is not ("FromSqlRaw" or "ExecuteSqlRaw" or "ExecuteSqlRawAsync" or "SqlQueryRaw") ||
            invocation.Arguments.Length < 2)
        {
            return false;
        }

        return invocation.Arguments[1].Value switch
        {
            IInterpolatedStringOperation interpolated => HasNonConstantHole(interpolated),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation
                when efMajorVersion >= 10 => HasNonConstantOperand(concatenation),
            IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, Name: "Format" or "Concat" } } call
                when efMajorVersion >= 11 => HasNonConstantArgument(call),
            _ => false,
        };
    }

    private static bool HasNonConstantHole(IInterpolatedStringOperation interpolated)
    {
        if (interpolated.ConstantValue.HasValue)
        {
            return false;
        }

        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolationOperation { Expression.ConstantValue.HasValue: false })
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasNonConstantOperand(IBinaryOperation operation)
    {
        if ((operation.LeftOperand is IBinaryOperation left && HasNonConstantOperand(left)) ||
            (operation.RightOperand is IBinaryOperation right && HasNonConstantOperand(right)))
        {
            return true;
        }

        return !operation.LeftOperand.ConstantValue.HasValue || !operation.RightOperand.ConstantValue.HasValue;
    }

    private static bool HasNonConstantArgument(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Type is { Name: "IFormatProvider", ContainingNamespace.Name: "System" })
            {
                continue;
            }

            var value = Unwrap(argument.Value);
            if (argument.ArgumentKind == ArgumentKind.ParamArray && value is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    if (!Unwrap(element).ConstantValue.HasValue)
                    {
                        return true;
                    }
                }

                continue;
            }

            if (!value.ConstantValue.HasValue)
            {
                return true;
            }
        }

        return false;

        static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation { IsImplicit: true } conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
