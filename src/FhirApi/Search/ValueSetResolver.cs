using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Lists the codes of ValueSets stored on this server, for <c>:in</c>/<c>:not-in</c>, without a
/// terminology server: a ValueSet's <c>expansion.contains</c> (nested entries included) when it has
/// an expansion; otherwise its <c>compose</c>: each <c>include</c> of explicit <c>concept</c>s
/// and/or other stored ValueSets (<c>include.valueSet</c>, intersected with what else the include
/// names), minus each <c>exclude</c> of the same kinds or of a whole code system. An include of a
/// whole code system or with a <c>filter</c>, an exclude with a filter, or a partial expansion
/// cannot be listed here and is reported as the problem. ValueSets are terminology, not patient
/// data: they are looked up among all current resources, whatever the caller's data scope.
/// </summary>
internal sealed class ValueSetResolver(FhirDbContext db, FhirSerializer serializer)
{
    /// <summary>Resolves each reference (canonical URL, <c>url|version</c>, or <c>ValueSet/id</c>); references to nothing stored are left out.</summary>
    public async Task<ValueSetExpansions> ResolveAsync(IEnumerable<string> references, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, ValueSetExpansion>(StringComparer.Ordinal);
        foreach (var reference in references)
        {
            if (await ExpandAsync(reference, [], cancellationToken) is { } expansion)
            {
                resolved[reference] = expansion;
            }
        }

        return new ValueSetExpansions(resolved);
    }

    private async Task<ValueSetExpansion?> ExpandAsync(string reference, HashSet<string> visiting, CancellationToken cancellationToken)
    {
        if (await StoredCanonical.LoadAsync<ValueSet>(db, serializer, reference, cancellationToken) is not { } valueSet)
        {
            return null;
        }

        if (!visiting.Add(reference))
        {
            return new ValueSetExpansion(null, "includes itself (a cycle of compose.include.valueSet).");
        }

        try
        {
            if (valueSet.Expansion is { } expansion)
            {
                var listed = new HashSet<(string, string)>();
                Flatten(expansion.Contains, listed);
                return expansion.Total is { } total && total > listed.Count
                    ? new ValueSetExpansion(null, $"has a partial expansion ({listed.Count} of {total} codes).")
                    : Expanded(listed);
            }

            if (valueSet.Compose is not { } compose)
            {
                return new ValueSetExpansion(null, "has neither an expansion nor a compose.");
            }

            var codes = new HashSet<(string, string)>();
            for (var i = 0; i < compose.Include.Count; i++)
            {
                var (included, problem) = await ComponentAsync(compose.Include[i], $"compose.include[{i}]", visiting, cancellationToken);
                if (problem is not null)
                {
                    return new ValueSetExpansion(null, problem);
                }

                codes.UnionWith(included!);
            }

            for (var i = 0; i < compose.Exclude.Count; i++)
            {
                var exclude = compose.Exclude[i];
                if (exclude is { System: { } system, Concept.Count: 0, Filter.Count: 0 } && !exclude.ValueSet.Any())
                {
                    codes.RemoveWhere(c => c.Item1 == system);
                    continue;
                }

                var (excluded, problem) = await ComponentAsync(exclude, $"compose.exclude[{i}]", visiting, cancellationToken);
                if (problem is not null)
                {
                    return new ValueSetExpansion(null, problem);
                }

                codes.ExceptWith(excluded!);
            }

            return Expanded(codes);
        }
        finally
        {
            visiting.Remove(reference);
        }
    }

    /// <summary>The codes one include (or exclude) names: its concepts and the ValueSets it imports, intersected.</summary>
    private async Task<(HashSet<(string, string)>? Codes, string? Problem)> ComponentAsync(ValueSet.ConceptSetComponent component, string path, HashSet<string> visiting, CancellationToken cancellationToken)
    {
        if (component.Filter.Count > 0)
        {
            return (null, $"has a filter in {path} (on {component.System ?? "no system"}), which needs a terminology server.");
        }

        HashSet<(string, string)>? codes = null;
        if (component.Concept.Count > 0)
        {
            codes = component.Concept.Where(c => c.Code is not null).Select(c => (component.System ?? string.Empty, c.Code!)).ToHashSet();
        }

        foreach (var imported in component.ValueSet.OfType<string>())
        {
            switch (await ExpandAsync(imported, visiting, cancellationToken))
            {
                case null:
                    return (null, $"imports ValueSet '{imported}' in {path}, which is not stored on this server.");
                case { Problem: { } problem }:
                    return (null, $"imports ValueSet '{imported}' in {path}, which {problem}");
                case { Codes: { } importedCodes }:
                    var set = importedCodes.BySystem.SelectMany(kv => kv.Value.Select(code => (kv.Key, code))).ToHashSet();
                    if (component.System is { } system && component.Concept.Count == 0)
                    {
                        set.RemoveWhere(c => c.Item1 != system);
                    }

                    codes = codes is null ? set : [.. codes.Intersect(set)];
                    break;
            }
        }

        return codes is null
            ? (null, $"takes every code of {component.System ?? "an unnamed system"} in {path}, which needs a terminology server to list.")
            : (codes, null);
    }

    private static void Flatten(IEnumerable<ValueSet.ContainsComponent> contains, HashSet<(string, string)> codes)
    {
        foreach (var entry in contains)
        {
            if (entry.Code is not null)
            {
                codes.Add((entry.System ?? string.Empty, entry.Code));
            }

            Flatten(entry.Contains, codes);
        }
    }

    private static ValueSetExpansion Expanded(HashSet<(string System, string Code)> codes) =>
        new(new ValueSetCodes(codes.GroupBy(c => c.System, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(c => c.Code).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal)), null);
}
