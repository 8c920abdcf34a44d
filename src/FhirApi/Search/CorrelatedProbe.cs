using System.Linq.Expressions;
using System.Reflection;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Turns a clause's membership test <c>r =&gt; rows.Select(x =&gt; x.Id).Contains(r.ResourceId)</c>
/// (SQL <c>r.resource_id IN (SELECT ...)</c>) into the correlated form
/// <c>r =&gt; rows.Any(x =&gt; x.Id == r.ResourceId)</c> (SQL <c>EXISTS (... AND x.resource_id = r.resource_id)</c>).
/// <para>
/// The first form lets the database start from the clause's index rows, which is what the most
/// selective clause of a query should do. For every other clause it is costly: SQLite builds the
/// whole uncorrelated list (every Observation dated after 2015, say) before it can test one
/// candidate. The correlated form tests each candidate with one seek on the index table's
/// (resource_type, resource_id, param, ...) index. Only tests on the root row's id are rewritten;
/// nested subqueries (chain targets) keep their own shape.
/// </para>
/// </summary>
internal static class CorrelatedProbe
{
    private static readonly MethodInfo Any = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2);

    public static Expression<Func<ResourceRow, bool>> Rewrite(Expression<Func<ResourceRow, bool>> predicate) =>
        (Expression<Func<ResourceRow, bool>>)new Rewriter(predicate.Parameters[0]).Visit(predicate);

    private sealed class Rewriter(ParameterExpression row) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            // Queryable.Contains(Queryable.Select(source, x => x.Key), row.Member)
            if (node.Method.DeclaringType == typeof(Queryable) && node.Method.Name == nameof(Queryable.Contains) && node.Arguments.Count == 2
                && node.Arguments[1] is MemberExpression { Expression: var owner } item && owner == row
                && node.Arguments[0] is MethodCallExpression { Method.Name: nameof(Queryable.Select) } select
                && select.Method.DeclaringType == typeof(Queryable)
                && select.Arguments[1] is UnaryExpression { Operand: LambdaExpression { Parameters.Count: 1 } key })
            {
                var source = select.Arguments[0];
                var element = key.Parameters[0];
                var match = Expression.Lambda(Expression.Equal(key.Body, item), element);
                return Expression.Call(Any.MakeGenericMethod(element.Type), source, Expression.Quote(match));
            }

            return base.VisitMethodCall(node);
        }
    }
}
