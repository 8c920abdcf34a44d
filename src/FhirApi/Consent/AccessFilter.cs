using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The consent and compartment rules as predicates over current resources, translated to SQL by EF:
/// compartment membership is "is that Patient, or has a reference search index entry to it".
/// </summary>
internal static class AccessFilter
{
    private static readonly ParameterExpression Row = Expression.Parameter(typeof(ResourceRow), "r");

    public static Expression<Func<ResourceRow, bool>> InCompartments(FhirDbContext db, List<string> patientIds)
    {
        var refs = db.ReferenceIndex;
        return r => (r.ResourceType == "Patient" && patientIds.Contains(r.ResourceId))
            || refs.Any(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId && x.TargetType == "Patient" && patientIds.Contains(x.TargetId!));
    }

    /// <summary>
    /// A research client's view: a resource is visible when every patient whose compartment it is in
    /// permits it (deny wins, so a denied patient's Observation that also points at a consenting patient
    /// stays hidden); data in no patient's compartment is visible. A patient permits a resource when
    /// their directive's provisions decide permit for it, or, without an applicable directive, when the
    /// default policy is permit.
    /// </summary>
    public static Expression<Func<ResourceRow, bool>> Consented(FhirDbContext db, IReadOnlyList<ConsentDirective> directives, ConsentPolicy defaultPolicy)
    {
        var refs = db.ReferenceIndex;
        Expression<Func<ResourceRow, bool>> template = r => (r.ResourceType != "Patient" || PatientPermits(r.ResourceId))
            && !refs.Any(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId && x.TargetType == "Patient" && !PatientPermits(x.TargetId!));
        var groups = directives.GroupBy(d => d.Rule.Signature())
            .Select(g => (Ids: new IdList(g.Select(d => d.PatientId).ToList()), Decision: RootDecision(db, g.First().Rule)))
            .Where(g => g.Decision is not ConstantExpression { Value: false })
            .ToList();
        var holders = new IdList(directives.Select(d => d.PatientId).ToList());
        Expression Permits(Expression patientId)
        {
            Expression permitted = Expression.Constant(false);
            foreach (var (ids, decision) in groups)
            {
                permitted = Or(permitted, And(ids.Contains(patientId), decision));
            }

            return defaultPolicy == ConsentPolicy.Permit ? Or(permitted, Not(holders.Contains(patientId))) : permitted;
        }

        var body = new PermitsExpander(Permits).Visit(Body(template));
        return Expression.Lambda<Func<ResourceRow, bool>>(body, Row);
    }

    /// <summary>Marks where <see cref="Consented"/> puts a patient's decision; never called.</summary>
    private static bool PatientPermits(string patientId) =>
        throw new InvalidOperationException($"PatientPermits({patientId}) is a placeholder inside a query expression, not a method to call.");

    private static Expression RootDecision(FhirDbContext db, ConsentRule root)
    {
        // Covered data gets the refined decision, the rest the opposite of the root's type.
        var covers = Covers(db, root);
        return root.Permit ? And(covers, Decide(db, root)) : Or(Not(covers), Decide(db, root));
    }

    /// <summary>The first covering exception decides; otherwise the rule's own decision.</summary>
    private static Expression Decide(FhirDbContext db, ConsentRule rule)
    {
        Expression result = Expression.Constant(rule.Permit);
        foreach (var exception in rule.Exceptions.Reverse())
        {
            result = Choose(Covers(db, exception), Decide(db, exception), result);
        }

        return result;
    }

    /// <summary><c>condition ? then : otherwise</c> as boolean logic, each subquery once when a branch is constant.</summary>
    private static Expression Choose(Expression condition, Expression then, Expression otherwise) => then switch
    {
        ConstantExpression { Value: true } => Or(condition, otherwise),
        ConstantExpression { Value: false } => And(Not(condition), otherwise),
        _ => Or(And(condition, then), And(Not(condition), otherwise)),
    };

    private static Expression Covers(FhirDbContext db, ConsentRule rule)
    {
        Expression covers = Expression.Constant(true);
        if (rule.Types.Count > 0)
        {
            var types = rule.Types.ToList();
            Expression<Func<ResourceRow, bool>> ofType = r => types.Contains(r.ResourceType);
            covers = And(covers, Body(ofType));
        }

        if (rule.Codes.Count > 0)
        {
            var tokens = db.TokenIndex;
            Expression anyCode = Expression.Constant(false);
            foreach (var code in rule.Codes)
            {
                var system = code.System;
                var value = code.Code;
                Expression<Func<ResourceRow, bool>> hasCode = system is null
                    ? r => tokens.Any(t => t.ResourceType == r.ResourceType && t.ResourceId == r.ResourceId && t.Param == "code" && t.Code == value)
                    : r => tokens.Any(t => t.ResourceType == r.ResourceType && t.ResourceId == r.ResourceId && t.Param == "code" && t.Code == value && t.System == system);
                anyCode = Or(anyCode, Body(hasCode));
            }

            covers = And(covers, anyCode);
        }

        return covers;
    }

    /// <summary>The predicate's body over the shared row parameter.</summary>
    private static Expression Body(Expression<Func<ResourceRow, bool>> predicate) =>
        new ParameterSwap(predicate.Parameters[0], Row).Visit(predicate.Body);

    private static Expression And(Expression left, Expression right) => (left, right) switch
    {
        (ConstantExpression { Value: false }, _) or (_, ConstantExpression { Value: false }) => Expression.Constant(false),
        (ConstantExpression { Value: true }, _) => right,
        (_, ConstantExpression { Value: true }) => left,
        _ => Expression.AndAlso(left, right),
    };

    private static Expression Or(Expression left, Expression right) => (left, right) switch
    {
        (ConstantExpression { Value: true }, _) or (_, ConstantExpression { Value: true }) => Expression.Constant(true),
        (ConstantExpression { Value: false }, _) => right,
        (_, ConstantExpression { Value: false }) => left,
        _ => Expression.OrElse(left, right),
    };

    private static Expression Not(Expression operand) => operand is ConstantExpression { Value: bool value }
        ? Expression.Constant(!value)
        : Expression.Not(operand);

    /// <summary>A list of ids that EF sends as a query parameter.</summary>
    private sealed class IdList(List<string> ids)
    {
        public List<string> Ids { get; } = ids;

        public Expression Contains(Expression id) =>
            Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expression.Property(Expression.Constant(this), nameof(Ids)), id);
    }

    private sealed class PermitsExpander(Func<Expression, Expression> permits) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.Name == nameof(PatientPermits) && node.Method.DeclaringType == typeof(AccessFilter)
                ? permits(Visit(node.Arguments[0]))
                : base.VisitMethodCall(node);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
