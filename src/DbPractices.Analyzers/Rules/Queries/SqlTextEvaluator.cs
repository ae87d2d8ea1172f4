using Microsoft.CodeAnalysis.CSharp.Syntax;
using DbPractices.Analyzers.Query;

namespace DbPractices.Analyzers.Rules.Queries;

/// <summary>What is known about a piece of SQL text.</summary>
internal enum SqlTextKind
{
    /// <summary>Every part is a compile-time constant (literals, const locals/fields, constant-only interpolation...).</summary>
    Constant,

    /// <summary>Built here from at least one non-constant part: concatenation, interpolation, Format/Concat/Join, StringBuilder.</summary>
    Built,

    /// <summary>Comes from somewhere this method cannot see (a parameter, a call): the caller owns it.</summary>
    Opaque,
}

internal readonly struct SqlText
{
    public SqlText(SqlTextKind kind, string? how)
    {
        Kind = kind;
        How = how;
    }

    public SqlTextKind Kind { get; }

    /// <summary>How the text was built ("by concatenation", "through local 'sql'"), for the message.</summary>
    public string? How { get; }

    public static SqlText Constant => new(SqlTextKind.Constant, null);

    public static SqlText Opaque => new(SqlTextKind.Opaque, null);

    public static SqlText Built(string how) => new(SqlTextKind.Built, how);
}

/// <summary>
/// Decides whether SQL text was built from non-constant values, following locals (every assignment),
/// fields (initializers and assignments in the declaring type, same file), StringBuilders and
/// string.Format/Concat/Join. Values it cannot see (parameters, calls) are opaque, not "built".
/// </summary>
internal sealed class SqlTextEvaluator
{
    private const int MaxDepth = 8;

    private readonly INamedTypeSymbol? _stringBuilder;
    private readonly CancellationToken _cancellationToken;

    public SqlTextEvaluator(INamedTypeSymbol? stringBuilder, CancellationToken cancellationToken)
    {
        _stringBuilder = stringBuilder;
        _cancellationToken = cancellationToken;
    }

    public SqlText Evaluate(IOperation? operation) => Evaluate(operation, ImmutableHashSet<ISymbol>.Empty.WithComparer(SymbolEqualityComparer.Default), 0);

    private SqlText Evaluate(IOperation? operation, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        operation = operation.WalkDownConversions();
        if (operation is null || depth > MaxDepth)
        {
            return SqlText.Opaque;
        }

        if (operation.ConstantValue.HasValue)
        {
            return SqlText.Constant;
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                return AllConstant(Parts(interpolated), visiting, depth) ? SqlText.Constant : SqlText.Built("by interpolation");
            case IInterpolatedStringHandlerCreationOperation handler:
                return Evaluate(handler.Content, visiting, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                return Combine(Evaluate(concatenation.LeftOperand, visiting, depth + 1), Evaluate(concatenation.RightOperand, visiting, depth + 1), asComposition: true) is { Kind: not SqlTextKind.Constant }
                    ? SqlText.Built("by concatenation")
                    : SqlText.Constant;
            case IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, IsStatic: true, Name: "Format" or "Concat" or "Join" } method } call:
                return AllArgumentsConstant(call, visiting, depth) ? SqlText.Constant : SqlText.Built("by string." + method.Name);
            case IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } when IsStringBuilder(instance.Type):
                return EvaluateStringBuilder(instance, visiting, depth);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Combine(Evaluate(conditional.WhenTrue, visiting, depth + 1), Evaluate(whenFalse, visiting, depth + 1), asComposition: false);
            case ICoalesceOperation coalesce:
                return Combine(Evaluate(coalesce.Value, visiting, depth + 1), Evaluate(coalesce.WhenNull, visiting, depth + 1), asComposition: false);
            case ILocalReferenceOperation local:
                return Through(EvaluateLocal(local, visiting, depth), "through local '" + local.Local.Name + "'");
            case IFieldReferenceOperation field:
                return Through(EvaluateField(field, visiting, depth), "through field '" + field.Field.Name + "'");
            default:
                return SqlText.Opaque;
        }
    }

    private static SqlText Through(SqlText inner, string how) => inner.Kind == SqlTextKind.Built ? SqlText.Built(how) : inner;

    /// <summary>
    /// Alternatives (<paramref name="asComposition"/> false): built if any is built, constant if all are.
    /// Parts of one text (true): constant only if all are, otherwise built.
    /// </summary>
    private static SqlText Combine(SqlText a, SqlText b, bool asComposition)
    {
        if (a.Kind == SqlTextKind.Built)
        {
            return a;
        }

        if (b.Kind == SqlTextKind.Built)
        {
            return b;
        }

        if (a.Kind == SqlTextKind.Constant && b.Kind == SqlTextKind.Constant)
        {
            return SqlText.Constant;
        }

        return asComposition ? SqlText.Built("by concatenation") : SqlText.Opaque;
    }

    private static ImmutableArray<IOperation> Parts(IInterpolatedStringOperation interpolated)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolationOperation hole:
                    builder.Add(hole.Expression);
                    break;
                case IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation { TargetMethod.Name: "AppendFormatted" } append } when append.Arguments.Length > 0:
                    builder.Add(append.Arguments[0].Value);
                    break;
            }
        }

        return builder.ToImmutable();
    }

    private bool AllConstant(ImmutableArray<IOperation> parts, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        foreach (var part in parts)
        {
            if (Evaluate(part, visiting, depth + 1).Kind != SqlTextKind.Constant)
            {
                return false;
            }
        }

        return true;
    }

    private bool AllArgumentsConstant(IInvocationOperation call, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        foreach (var argument in call.Arguments)
        {
            // the IFormatProvider of string.Format(provider, ...) never becomes SQL text
            if (argument.Parameter?.Type is { Name: "IFormatProvider", ContainingNamespace.Name: "System" })
            {
                continue;
            }

            if (!AllConstant(Values(argument), visiting, depth))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value an argument passes; for <c>params</c> (array or span/collection), each element.</summary>
    private static ImmutableArray<IOperation> Values(IArgumentOperation argument)
    {
        var value = argument.Value.WalkDownConversions()!;
        if (argument.ArgumentKind is ArgumentKind.Explicit or ArgumentKind.DefaultValue)
        {
            return ImmutableArray.Create(value);
        }

        switch (value)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues;
            case IArrayCreationOperation:
                return ImmutableArray<IOperation>.Empty;
            default:
                // params ReadOnlySpan<T> (.NET 9+): a collection expression whose children are the elements
                var builder = ImmutableArray.CreateBuilder<IOperation>();
                foreach (var child in value.ChildOperations)
                {
                    builder.Add(child);
                }

                return builder.ToImmutable();
        }
    }

    private SqlText EvaluateLocal(ILocalReferenceOperation reference, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        var local = reference.Local;
        if (visiting.Contains(local))
        {
            // sql = sql + "..." : the local's other parts decide
            return SqlText.Constant;
        }

        visiting = visiting.Add(local);
        var assignments = LocalAssignments.All(local, LocalAssignments.GetBody(reference), _cancellationToken);
        if (assignments.Count == 0)
        {
            return SqlText.Opaque;
        }

        var result = SqlText.Constant;
        foreach (var assignment in assignments)
        {
            SqlText value;
            if (assignment.Operation is ICompoundAssignmentOperation compound)
            {
                value = Evaluate(compound.Value, visiting, depth + 1).Kind == SqlTextKind.Constant ? SqlText.Constant : SqlText.Built("by concatenation");
            }
            else if (assignment.Value is { } written)
            {
                value = Evaluate(written, visiting, depth + 1);
            }
            else
            {
                value = SqlText.Opaque;
            }

            result = Combine(result, value, asComposition: false);
            if (result.Kind == SqlTextKind.Built)
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>A field's initializer and every assignment in its declaring type, in the same file as the use.</summary>
    private SqlText EvaluateField(IFieldReferenceOperation reference, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        var field = reference.Field;
        var semanticModel = reference.SemanticModel;
        if (visiting.Contains(field) || semanticModel is null || field.DeclaringSyntaxReferences.IsEmpty)
        {
            return SqlText.Opaque;
        }

        visiting = visiting.Add(field);
        var tree = reference.Syntax.SyntaxTree;
        var result = SqlText.Constant;
        var found = false;
        foreach (var declaration in field.DeclaringSyntaxReferences)
        {
            if (declaration.SyntaxTree != tree)
            {
                return SqlText.Opaque;
            }

            if (declaration.GetSyntax(_cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                found = true;
                result = Combine(result, Evaluate(semanticModel.GetOperation(initializer, _cancellationToken), visiting, depth + 1), asComposition: false);
            }
        }

        foreach (var typeDeclaration in field.ContainingType.DeclaringSyntaxReferences)
        {
            if (typeDeclaration.SyntaxTree != tree)
            {
                continue;
            }

            foreach (var node in typeDeclaration.GetSyntax(_cancellationToken).DescendantNodes())
            {
                if (node is not AssignmentExpressionSyntax assignment || !NameMatches(assignment.Left, field.Name) ||
                    semanticModel.GetOperation(assignment, _cancellationToken) is not IAssignmentOperation operation ||
                    operation.Target.WalkDownConversions() is not IFieldReferenceOperation target ||
                    !SymbolEqualityComparer.Default.Equals(target.Field, field))
                {
                    continue;
                }

                found = true;
                var value = operation is ICompoundAssignmentOperation
                    ? (Evaluate(operation.Value, visiting, depth + 1).Kind == SqlTextKind.Constant ? SqlText.Constant : SqlText.Built("by concatenation"))
                    : Evaluate(operation.Value, visiting, depth + 1);
                result = Combine(result, value, asComposition: false);
            }
        }

        return found ? result : SqlText.Opaque;
    }

    private static bool NameMatches(ExpressionSyntax target, string name) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText == name,
        _ => false,
    };

    private bool IsStringBuilder(ITypeSymbol? type) =>
        _stringBuilder is not null && SymbolEqualityComparer.Default.Equals(type, _stringBuilder);

    /// <summary>Every Append/Insert/Replace the builder receives in the method (inline chains and through its local).</summary>
    private SqlText EvaluateStringBuilder(IOperation builder, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        var result = SqlText.Constant;
        builder = builder.WalkDownConversions()!;

        // inline: new StringBuilder("..").Append(x).ToString()
        while (builder is IInvocationOperation { Instance: { } inner } call && IsStringBuilder(call.TargetMethod.ContainingType))
        {
            result = Combine(result, BuilderArguments(call, visiting, depth), asComposition: false);
            builder = inner.WalkDownConversions()!;
        }

        switch (builder)
        {
            case IObjectCreationOperation creation:
                result = Combine(result, BuilderArguments(creation.Arguments, visiting, depth), asComposition: false);
                break;
            case ILocalReferenceOperation local when !visiting.Contains(local.Local):
                result = Combine(result, EvaluateBuilderLocal(local, visiting.Add(local.Local), depth), asComposition: false);
                break;
            default:
                result = Combine(result, SqlText.Opaque, asComposition: false);
                break;
        }

        return result.Kind == SqlTextKind.Built ? SqlText.Built("with a StringBuilder") : result;
    }

    private SqlText EvaluateBuilderLocal(ILocalReferenceOperation local, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        var body = LocalAssignments.GetBody(local);
        if (body is null)
        {
            return SqlText.Opaque;
        }

        var result = SqlText.Constant;
        foreach (var assignment in LocalAssignments.All(local.Local, body, _cancellationToken))
        {
            result = Combine(result, assignment.Value is { } value ? EvaluateStringBuilder(value, visiting, depth + 1) : SqlText.Opaque, asComposition: false);
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is not ILocalReferenceOperation use || !SymbolEqualityComparer.Default.Equals(use.Local, local.Local))
            {
                continue;
            }

            // follow sb.Append(a).Append(b)... upward
            IOperation current = use;
            while (current.Parent is IInvocationOperation call && ReferenceEquals(call.Instance?.WalkDownConversions(), current) &&
                   IsStringBuilder(call.TargetMethod.ContainingType))
            {
                if (call.TargetMethod.Name != "ToString")
                {
                    result = Combine(result, BuilderArguments(call, visiting, depth), asComposition: false);
                }

                current = call;
            }

            if (result.Kind == SqlTextKind.Built)
            {
                return result;
            }
        }

        return result;
    }

    private SqlText BuilderArguments(IInvocationOperation call, ImmutableHashSet<ISymbol> visiting, int depth) =>
        call.TargetMethod.Name is "Append" or "AppendLine" or "AppendFormat" or "Insert" or "Replace" or "AppendJoin"
            ? BuilderArguments(call.Arguments, visiting, depth)
            : SqlText.Constant;

    private SqlText BuilderArguments(ImmutableArray<IArgumentOperation> arguments, ImmutableHashSet<ISymbol> visiting, int depth)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Type is { Name: "IFormatProvider", ContainingNamespace.Name: "System" })
            {
                continue;
            }

            if (!AllConstant(Values(argument), visiting, depth))
            {
                return SqlText.Built("with a StringBuilder");
            }
        }

        return SqlText.Constant;
    }
}
