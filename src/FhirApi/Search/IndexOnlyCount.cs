using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Counts a search's matches from the index tables alone, without joining each candidate to
/// <c>resources</c>: index rows exist only for current, non-deleted resources (a write replaces
/// them, a delete removes them), so the distinct resource ids of the driving clause's rows that
/// pass the other clauses are exactly the matches. Possible only when nothing else narrows the
/// search (consent, compartment) and every clause tests the candidate's id alone; otherwise
/// <see cref="Ids"/> is null and the caller counts the usual way.
/// </summary>
internal static class IndexOnlyCount
{
    /// <summary>
    /// The matching resource ids (<paramref name="provider"/>: the context's query provider), as a query over the driving clause's index rows, given the
    /// clauses in SQL order: the driving one in IN form (<c>rows.Select(x =&gt; x.ResourceId).Contains(r.ResourceId)</c>),
    /// the others in any form that uses the candidate only through <c>r.ResourceId</c>.
    /// </summary>
    public static IQueryable<string>? Ids(IQueryProvider provider, IReadOnlyList<Expression<Func<ResourceRow, bool>>> clauses)
    {
        if (clauses.Count == 0 || !TryDriver(clauses[0], out var source, out var key))
        {
            return null;
        }

        var element = key.Parameters[0];
        Expression? condition = null;
        foreach (var clause in clauses.Skip(1))
        {
            var rebound = new IdRebinder(clause.Parameters[0], key.Body);
            var body = rebound.Visit(clause.Body);
            if (rebound.UsesOtherColumns)
            {
                return null;
            }

            condition = condition is null ? body : Expression.AndAlso(condition, body);
        }

        var filtered = condition is null
            ? source
            : Expression.Call(typeof(Queryable), nameof(Queryable.Where), [element.Type], source, Expression.Quote(Expression.Lambda(condition, element)));
        var ids = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [element.Type, typeof(string)], filtered, Expression.Quote(key));
        return provider.CreateQuery<string>(ids).Distinct();
    }

    /// <summary>
    /// The driving clause's index rows alone, as resource ids (one per row, so a resource may repeat),
    /// null when <see cref="Ids"/> would be null: read with a limit, they stream straight off the
    /// index, telling cheaply whether the driver alone selects few enough rows to be worth a pass.
    /// </summary>
    public static IQueryable<string>? DriverIds(IQueryProvider provider, IReadOnlyList<Expression<Func<ResourceRow, bool>>> clauses)
    {
        if (clauses.Count == 0 || !TryDriver(clauses[0], out var source, out var key))
        {
            return null;
        }

        var element = key.Parameters[0];
        return provider.CreateQuery<string>(Expression.Call(typeof(Queryable), nameof(Queryable.Select), [element.Type, typeof(string)], source, Expression.Quote(key)));
    }

    /// <summary>The driving clause: a membership of the candidate's id in its own resource ids of an index table.</summary>
    private static bool TryDriver(Expression<Func<ResourceRow, bool>> clause, out Expression source, out LambdaExpression key)
    {
        (source, key) = (null!, null!);
        if (clause.Body is not MethodCallExpression { Method.Name: nameof(Queryable.Contains) } contains || contains.Method.DeclaringType != typeof(Queryable)
            || contains.Arguments[1] is not MemberExpression { Member.Name: nameof(ResourceRow.ResourceId) } item || item.Expression != clause.Parameters[0]
            || contains.Arguments[0] is not MethodCallExpression { Method.Name: nameof(Queryable.Select) } select || select.Method.DeclaringType != typeof(Queryable)
            || select.Arguments[1] is not UnaryExpression { Operand: LambdaExpression { Parameters.Count: 1 } selector }
            || !typeof(SearchIndexRow).IsAssignableFrom(selector.Parameters[0].Type)
            || selector.Body is not MemberExpression { Member.Name: nameof(SearchIndexRow.ResourceId) } selected || selected.Expression != selector.Parameters[0])
        {
            // Reverse chains and _list select target ids, which may name deleted or missing resources.
            return false;
        }

        (source, key) = (select.Arguments[0], selector);
        return true;
    }

    /// <summary>Replaces <c>r.ResourceId</c> with the index row's id; notes any other use of <c>r</c>.</summary>
    private sealed class IdRebinder(ParameterExpression row, Expression id) : ExpressionVisitor
    {
        public bool UsesOtherColumns { get; private set; }

        protected override Expression VisitMember(MemberExpression node) =>
            node.Expression == row && node.Member.Name == nameof(ResourceRow.ResourceId) ? id : base.VisitMember(node);

        protected override Expression VisitParameter(ParameterExpression node)
        {
            UsesOtherColumns |= node == row;
            return base.VisitParameter(node);
        }
    }
}
