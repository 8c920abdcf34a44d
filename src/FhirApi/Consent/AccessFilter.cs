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
    /// A research client's view: data in no patient's compartment, data of patients whose directive
    /// permits it, and (opt-out policy) data of patients without an applicable directive.
    /// </summary>
    public static Expression<Func<ResourceRow, bool>> Consented(FhirDbContext db, IReadOnlyList<ConsentDirective> directives, ConsentPolicy defaultPolicy)
    {
        var refs = db.ReferenceIndex;
        Expression<Func<ResourceRow, bool>> noPatient = r => r.ResourceType != "Patient"
            && !refs.Any(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId && x.TargetType == "Patient");
        var allowed = Body(noPatient);
        foreach (var group in directives.GroupBy(d => d.Rule.Signature()))
        {
            var ids = group.Select(d => d.PatientId).ToList();
            var decision = RootDecision(db, group.First().Rule);
            if (decision is ConstantExpression { Value: false })
            {
                continue;
            }

            allowed = Or(allowed, And(Body(InCompartments(db, ids)), decision));
        }

        if (defaultPolicy == ConsentPolicy.Permit)
        {
            var holders = directives.Select(d => d.PatientId).ToList();
            Expression<Func<ResourceRow, bool>> withoutDirective = r => (r.ResourceType == "Patient" && !holders.Contains(r.ResourceId))
                || refs.Any(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId && x.TargetType == "Patient" && !holders.Contains(x.TargetId!));
            allowed = Or(allowed, Body(withoutDirective));
        }

        return Expression.Lambda<Func<ResourceRow, bool>>(allowed, Row);
    }

    private static Expression RootDecision(FhirDbContext db, ConsentRule root)
    {
        var covers = Covers(db, root);
        return Or(And(covers, Decide(db, root)), And(Not(covers), Expression.Constant(!root.Permit)));
    }

    /// <summary>The first covering exception decides; otherwise the rule's own decision.</summary>
    private static Expression Decide(FhirDbContext db, ConsentRule rule)
    {
        Expression result = Expression.Constant(rule.Permit);
        foreach (var exception in rule.Exceptions.Reverse())
        {
            var covers = Covers(db, exception);
            result = Or(And(covers, Decide(db, exception)), And(Not(covers), result));
        }

        return result;
    }

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

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
