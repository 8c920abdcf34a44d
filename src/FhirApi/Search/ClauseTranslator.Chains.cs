using System.Linq.Expressions;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>Chains, reverse chains and the special parameters (<c>_content</c>, <c>_list</c>, <c>_text</c>).</summary>
internal sealed partial class ClauseTranslator
{
    /// <summary><c>subject:Patient.name=x</c>: a reference of this resource points at a current target that matches the inner clause.</summary>
    private Expression<Func<ResourceRow, bool>> Chain(string type, SearchClause clause)
    {
        var perTarget = clause.Chain.Select(target =>
        {
            var targetType = target.Type;
            if (resolvedTargets is not null && resolvedTargets.TryGetValue(target, out var ids))
            {
                return (Expression<Func<ReferenceIndexRow, bool>>)(x => x.TargetType == targetType && EF.Parameter(ids).Contains(x.TargetId!));
            }

            var matchingTargets = db.Resources.Where(t => t.ResourceType == targetType && !t.IsDeleted).Where(Translate(targetType, target.Clause)).Select(t => t.ResourceId);
            return (Expression<Func<ReferenceIndexRow, bool>>)(x => x.TargetType == targetType && matchingTargets.Contains(x.TargetId!));
        });
        var references = db.ReferenceIndex.Where(x => x.ResourceType == type).Where(Predicates.ParamIn<ReferenceIndexRow>(clause.Definition.StoredAs)).Where(Predicates.Or(perTarget));
        return r => references.Select(x => x.ResourceId).Contains(r.ResourceId);
    }

    /// <summary><c>_has:Observation:patient:code=x</c>: a current Observation matching the inner clause refers to this resource through <c>patient</c>.</summary>
    private Expression<Func<ResourceRow, bool>> ReverseChain(string type, SearchClause clause)
    {
        var source = clause.Chain[0].Type;
        var matchingSources = db.Resources.Where(s => s.ResourceType == source && !s.IsDeleted).Where(Translate(source, clause.Chain[0].Clause)).Select(s => s.ResourceId);
        var references = db.ReferenceIndex.Where(x => x.ResourceType == source).Where(Predicates.ParamIn<ReferenceIndexRow>(clause.Definition.StoredAs))
            .Where(x => x.TargetType == type && matchingSources.Contains(x.ResourceId));
        return r => references.Select(x => x.TargetId).Contains(r.ResourceId);
    }

    /// <summary><c>_list=id</c>: the resource is an entry of <c>List/id</c>.</summary>
    private Expression<Func<ResourceRow, bool>> ListMembers(string type, SearchClause clause)
    {
        var lists = clause.Values.Select(v => v.Raw).ToArray();
        var items = db.ReferenceIndex.Where(x => x.ResourceType == "List" && x.Param == "item" && lists.Contains(x.ResourceId) && x.TargetType == type);
        return r => items.Select(x => x.TargetId).Contains(r.ResourceId);
    }

    /// <summary>
    /// <c>_text=a b</c>: every word of the value starts a word of the narrative (case and accent
    /// folded); OR-ed values are alternatives.
    /// </summary>
    private Expression<Func<ResourceRow, bool>> NarrativeText(string type, SearchClause clause)
    {
        var param = SearchParameterRegistry.TextParameter;
        return Predicates.Or(clause.Values.Select(v =>
        {
            Expression<Func<ResourceRow, bool>> all = r => true;
            foreach (var word in v.Raw.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var normalized = TextNormalizer.Normalize(word);
                var words = db.StringIndex.Where(s => s.ResourceType == type && s.Param == param && s.Normalized.StartsWith(normalized));
                all = Predicates.And(all, r => words.Select(s => s.ResourceId).Contains(r.ResourceId));
            }

            return all;
        }));
    }

    /// <summary>
    /// <c>_content=a b</c>: every word of the value occurs, as a lower-cased substring, in the
    /// resource's stored JSON; OR-ed values are alternatives. A scan: meant for small sets or
    /// together with selective parameters.
    /// </summary>
    private Expression<Func<ResourceRow, bool>> Content(SearchClause clause) =>
        Predicates.Or(clause.Values.Select(v =>
        {
            Expression<Func<ResourceRow, bool>> all = r => true;
            foreach (var word in v.Raw.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var lower = word.ToLowerInvariant();
                var versions = db.ResourceVersions.Where(x => x.Json != null && x.Json.ToLower().Contains(lower));
                all = Predicates.And(all, r => versions.Any(x => x.Id == r.CurrentRowId));
            }

            return all;
        }));
}
