using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The consent and compartment rules as predicates over current resources, translated to SQL by EF:
/// compartment membership is "is that Patient, or has a reference search index entry to it".
/// </summary>
internal static class AccessFilter
{
    private static readonly ParameterExpression Row = Expression.Parameter(typeof(ResourceRow), "r");

    /// <summary>
    /// Whether a current resource is in one of these patients' compartments. A resource of at most one
    /// patient is judged by its <see cref="ResourceRow.PatientRef"/> column (the patient itself, or the one
    /// it refers to), as the consent filter judges it; only one of several patients
    /// (<see cref="ResourceRow.ManyPatients"/>) has its references looked up.
    /// </summary>
    public static Expression<Func<ResourceRow, bool>> InCompartments(FhirDbContext db, List<string> patientIds)
    {
        var refs = db.ReferenceIndex;
        return r => (!r.ManyPatients && r.PatientRef != null && EF.Parameter(patientIds).Contains(r.PatientRef))
            || (r.ManyPatients
                && ((r.ResourceType == "Patient" && EF.Parameter(patientIds).Contains(r.ResourceId))
                    || refs.Any(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId && x.TargetType == "Patient" && EF.Parameter(patientIds).Contains(x.TargetId!))));
    }

    /// <summary>
    /// A research client's view: a resource is visible when every patient whose compartment it is in
    /// permits it (deny wins, so a denied patient's Observation that also points at a consenting patient
    /// stays hidden); data in no patient's compartment is visible. Per type (see <see cref="ConsentDecisions"/>),
    /// whether a patient hides a resource is a lookup in the lists of permitting or denying patients; only
    /// for patients whose consent decides by code are the resource's codes consulted. Patients without an
    /// applicable consent follow the default policy.
    /// </summary>
    public static Expression<Func<ResourceRow, bool>> Consented(FhirDbContext db, ConsentDecisions decisions)
    {
        Expression body = Expression.Constant(false);
        foreach (var type in decisions.ByType)
        {
            var name = type.Type!;
            Expression<Func<ResourceRow, bool>> ofType = r => r.ResourceType == name;
            body = Or(body, And(Body(ofType), Visible(db, type, decisions.DefaultPolicy, name)));
        }

        Expression otherType = Expression.Constant(true);
        if (decisions.NamedTypes.Count > 0)
        {
            var named = new IdList(decisions.NamedTypes);
            otherType = Not(named.Contains(Expression.Property(Row, nameof(ResourceRow.ResourceType))));
        }

        body = Or(body, And(otherType, Visible(db, decisions.OtherTypes, decisions.DefaultPolicy)));
        return Expression.Lambda<Func<ResourceRow, bool>>(body, Row);
    }

    /// <summary>
    /// <see cref="Consented(FhirDbContext, ConsentDecisions)"/> for rows known to be of one type (a type
    /// search): only that type's decisions are tested, and a consent's codes become one list per code, the
    /// resources of the type that carry it, read from the code index once per query, instead of a look-up
    /// of each row's codes (which cost a type search 4 to 5 times the unrestricted time on SQLite). The
    /// rows must already be narrowed to <paramref name="type"/>: the predicate does not test it.
    /// </summary>
    public static Expression<Func<ResourceRow, bool>> Consented(FhirDbContext db, ConsentDecisions decisions, string type) =>
        Expression.Lambda<Func<ResourceRow, bool>>(Visible(db, decisions.For(type), decisions.DefaultPolicy, type), Row);

    /// <summary>
    /// An export job's research view of the resources of one type, from decisions that need no codes
    /// (<see cref="TypeDecisions.WithoutNamedCodes"/>), adjusted by id: resources in <paramref name="shown"/>
    /// are visible and those in <paramref name="hidden"/> are not (the job decided the few resources whose
    /// codes matter itself). With no code to look up, the refusal by hiding patients is a test of each
    /// row's patient column, held in the covering index, against the lists of permitting or denying
    /// patients; only rows in several compartments look their patients up in the reference index.
    /// </summary>
    public static Expression<Func<ResourceRow, bool>> ConsentedOfType(FhirDbContext db, string type, TypeDecisions decisions, ConsentPolicy defaultPolicy, IReadOnlyList<string> shown, IReadOnlyList<string> hidden)
    {
        if (decisions.ByCode.Count > 0)
        {
            throw new ArgumentException("An export's decisions for a type must need no codes: pass TypeDecisions.WithoutNamedCodes().", nameof(decisions));
        }

        var id = Expression.Property(Row, nameof(ResourceRow.ResourceId));
        Expression<Func<ResourceRow, bool>> ofType = r => r.ResourceType == type;
        var body = And(Body(ofType), Or(And(Visible(db, decisions, defaultPolicy, type), Not(new IdList(hidden).Contains(id))), new IdList(shown).Contains(id)));
        return Expression.Lambda<Func<ResourceRow, bool>>(body, Row);
    }

    /// <summary>
    /// Whether a resource (of the decisions' type) is visible: neither it, if a Patient, nor any patient it
    /// refers to hides it. <paramref name="knownType"/> is the rows' type when the query is over one type.
    /// A resource in at most one patient's compartment is judged by its <see cref="ResourceRow.PatientRef"/>
    /// column, which the search's covering index holds (no patient: visible); only one in several
    /// compartments (<see cref="ResourceRow.ManyPatients"/>) has its patients looked up in the reference
    /// index, one seek per such row, which is what every row cost before the column existed.
    /// </summary>
    private static Expression Visible(FhirDbContext db, TypeDecisions decisions, ConsentPolicy defaultPolicy, string? knownType = null)
    {
        var refs = db.ReferenceIndex;
        Expression<Func<ResourceRow, bool>> single = r => !r.ManyPatients && (r.PatientRef == null || !PatientHides(r.PatientRef!));
        Expression<Func<ResourceRow, bool>> many = r => r.ManyPatients;
        Expression<Func<ResourceRow, bool>> referred = r => !refs.Any(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId && x.TargetType == "Patient" && PatientHides(x.TargetId!));
        Expression<Func<ResourceRow, bool>> patient = r => r.ResourceType != "Patient" || !PatientHides(r.ResourceId);
        Expression<Func<ResourceRow, bool>> self = r => !PatientHides(r.ResourceId);
        var lookedUp = knownType switch
        {
            null => And(Body(patient), Body(referred)),
            "Patient" => And(Body(self), Body(referred)),
            _ => Body(referred),
        };
        var template = Or(Body(single), And(Body(many), lookedUp));
        return new PlaceholderExpander(Hides(db, decisions, defaultPolicy, knownType)).Visit(template);
    }

    /// <summary>Whether a patient hides the resource at hand (for patients who decide by code, its codes are looked up).</summary>
    private static Func<Expression, Expression> Hides(FhirDbContext db, TypeDecisions decisions, ConsentPolicy defaultPolicy, string? knownType)
    {
        var permitted = new IdList(decisions.Permitted);
        var denied = new IdList(decisions.Denied);
        var byCode = decisions.ByCode.Select(g => (Ids: new IdList(g.PatientIds), Decision: RootDecision(db, g.Rule, knownType))).ToList();
        return patientId =>
        {
            // The list test comes first, so the codes are looked up only for patients who decide by them.
            if (defaultPolicy == ConsentPolicy.Permit)
            {
                var hides = denied.Contains(patientId);
                foreach (var (ids, decision) in byCode)
                {
                    hides = Or(hides, And(ids.Contains(patientId), Not(decision)));
                }

                return hides;
            }

            Expression permits = permitted.Contains(patientId);
            foreach (var (ids, decision) in byCode)
            {
                permits = Or(permits, And(ids.Contains(patientId), decision));
            }

            return Not(permits);
        };
    }

    /// <summary>Marks where <see cref="Hides"/> puts whether a patient hides the resource; never called.</summary>
    private static bool PatientHides(string patientId) =>
        throw new InvalidOperationException($"PatientHides({patientId}) is a placeholder inside a query expression, not a method to call.");

    private static Expression RootDecision(FhirDbContext db, ConsentRule root, string? knownType)
    {
        // Covered data gets the refined decision, the rest the opposite of the root's type.
        var covers = Covers(db, root, knownType);
        return root.Permit ? And(covers, Decide(db, root, knownType)) : Or(Not(covers), Decide(db, root, knownType));
    }

    /// <summary>The first covering exception decides; otherwise the rule's own decision.</summary>
    private static Expression Decide(FhirDbContext db, ConsentRule rule, string? knownType)
    {
        Expression result = Expression.Constant(rule.Permit);
        foreach (var exception in rule.Exceptions.Reverse())
        {
            result = Choose(Covers(db, exception, knownType), Decide(db, exception, knownType), result);
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

    private static Expression Covers(FhirDbContext db, ConsentRule rule, string? knownType)
    {
        Expression covers = Expression.Constant(true);
        if (rule.Types.Count > 0)
        {
            var types = rule.Types.ToList();
            Expression<Func<ResourceRow, bool>> ofType = r => types.Contains(r.ResourceType);
            covers = And(covers, knownType is null ? Body(ofType) : Expression.Constant(types.Contains(knownType)));
        }

        if (rule.Codes.Count > 0)
        {
            var tokens = db.TokenIndex;
            Expression anyCode = Expression.Constant(false);
            foreach (var code in rule.Codes)
            {
                var system = code.System;
                var value = code.Code;
                // "value IN (the resource's codes)": the database looks up the few code rows of this resource
                // rather than every resource with the code (which an EXISTS on the code may lead it to).
                if (knownType is not null)
                {
                    // Uncorrelated: the database reads the type's resources with the code once per query.
                    var withCode = system is null
                        ? tokens.Where(t => t.ResourceType == knownType && t.Param == "code" && t.Code == value)
                        : tokens.Where(t => t.ResourceType == knownType && t.Param == "code" && t.Code == value && t.System == system);
                    var ids = withCode.Select(t => t.ResourceId);
                    Expression<Func<ResourceRow, bool>> carries = r => ids.Contains(r.ResourceId);
                    anyCode = Or(anyCode, Body(carries));
                    continue;
                }

                Expression<Func<ResourceRow, bool>> hasCode = system is null
                    ? r => tokens.Where(t => t.ResourceType == r.ResourceType && t.ResourceId == r.ResourceId && t.Param == "code").Select(t => t.Code).Contains(value)
                    : r => tokens.Where(t => t.ResourceType == r.ResourceType && t.ResourceId == r.ResourceId && t.Param == "code" && t.System == system).Select(t => t.Code).Contains(value);
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

    /// <summary>
    /// A list of ids that EF sends as one query parameter (a JSON array on SQLite, an array on PostgreSQL),
    /// whatever its length: the statement stays the same and no parameter limit is reached. A missing id
    /// (a reference index row without a target id) is compared as the empty string, which no list holds,
    /// so it is in none, as in C#, without the null checks EF would otherwise wrap around every lookup.
    /// </summary>
    private sealed class IdList(IReadOnlyList<string> ids)
    {
        public IReadOnlyList<string> Ids { get; } = ids;

        public Expression Contains(Expression id) => Ids.Count == 0
            ? Expression.Constant(false)
            : Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)],
                Expression.Call(typeof(EF), nameof(EF.Parameter), [typeof(IReadOnlyList<string>)], Expression.Property(Expression.Constant(this), nameof(Ids))),
                Expression.Coalesce(id, Expression.Constant(string.Empty)));
    }

    private sealed class PlaceholderExpander(Func<Expression, Expression> expand) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method.Name == nameof(PatientHides) && node.Method.DeclaringType == typeof(AccessFilter)
                ? expand(Visit(node.Arguments[0]))
                : base.VisitMethodCall(node);
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
