using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>Combines expression-tree predicates so OR-ed search values translate to one SQL condition.</summary>
internal static class Predicates
{
    public static Expression<Func<T, bool>> Or<T>(IEnumerable<Expression<Func<T, bool>>> predicates)
    {
        Expression<Func<T, bool>>? result = null;
        foreach (var predicate in predicates)
        {
            result = result is null ? predicate : Combine(result, predicate, Expression.OrElse);
        }

        return result ?? (_ => false);
    }

    /// <summary>
    /// Index rows of one of <paramref name="codes"/> (a definition's <see cref="SearchParameterDefinition.StoredAs"/>):
    /// <c>param = @p</c> for one, as every stored parameter has; <c>param IN (...)</c> for the parts of an alias.
    /// </summary>
    public static Expression<Func<T, bool>> ParamIn<T>(IReadOnlyList<string> codes)
        where T : SearchIndexRow
    {
        if (codes.Count == 1)
        {
            var code = codes[0];
            return r => r.Param == code;
        }

        var any = codes.ToArray();
        return r => any.Contains(r.Param);
    }

    public static Expression<Func<T, bool>> And<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right) =>
        Combine(left, right, Expression.AndAlso);

    /// <summary>The body of <paramref name="lambda"/> with its parameter replaced by <paramref name="parameter"/>.</summary>
    public static Expression BodyFor(LambdaExpression lambda, ParameterExpression parameter) =>
        new Rebind(lambda.Parameters[0], parameter).Visit(lambda.Body);

    private static Expression<Func<T, bool>> Combine<T>(Expression<Func<T, bool>> left, Expression<Func<T, bool>> right, Func<Expression, Expression, BinaryExpression> merge)
    {
        var parameter = left.Parameters[0];
        var rightBody = new Rebind(right.Parameters[0], parameter).Visit(right.Body);
        return Expression.Lambda<Func<T, bool>>(merge(left.Body, rightBody), parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
