using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// Finds the search parameters whose values are exactly the union of other parameters' values, so
/// they need no index rows of their own: R4's Observation <c>combo-code</c> is
/// <c>Observation.code | Observation.component.code</c>, the union of <c>code</c>
/// (<c>Observation.code</c>) and <c>component-code</c> (<c>Observation.component.code</c>). Proven
/// from the expressions alone: the top-level <c>|</c> branches of the alias are exactly the branches
/// of its parts, the parts have its type (composites: the same components), and an index row
/// depends only on the value, the type and (composites) the components, so the alias's rows are
/// the parts' rows under another name. FHIRPath's <c>|</c> removes duplicates, which a search,
/// matching when any row matches, cannot see. Two parameters with the same branches are one
/// stored, the other (the later code) an alias of it (Patient <c>phonetic</c> of <c>name</c>).
/// <para>
/// Reference parameters are left alone: compartments, consent, includes and the patient column
/// name them directly. So are <see cref="ReadByName"/>, which other code reads from the index
/// tables by name.
/// </para>
/// </summary>
internal static class UnionAliases
{
    /// <summary>Codes read from the index tables by name (canonical <c>url</c> and <c>version</c>, consent's <c>code</c>): always stored.</summary>
    public static readonly IReadOnlySet<string> ReadByName = new HashSet<string>(["code", "url", "version"], StringComparer.Ordinal);

    /// <summary>For each alias among <paramref name="indexable"/> (one type's indexed parameters): the codes of the stored parameters whose union it is, in code order.</summary>
    public static Dictionary<string, string[]> Find(IReadOnlyCollection<SearchParameterDefinition> indexable)
    {
        var branches = indexable
            .Where(d => d.Type is not (SearchParamType.Special or SearchParamType.Reference) && d.Expression is not null)
            .ToDictionary(d => d.Code, d => Branches(d.Expression!), StringComparer.Ordinal);
        var byCode = indexable.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var aliases = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var stored = new List<SearchParameterDefinition>();

        // Fewer branches first, so every candidate part is known to be stored (or not) before the
        // parameters it could make up; among equals, the ones read by name first.
        foreach (var (code, own) in branches.OrderBy(b => b.Value.Count).ThenBy(b => !ReadByName.Contains(b.Key)).ThenBy(b => b.Key, StringComparer.Ordinal))
        {
            var definition = byCode[code];
            if (ReadByName.Contains(code))
            {
                stored.Add(definition);
                continue;
            }

            var parts = stored
                .Where(p => p.Type == definition.Type && p.Components.SequenceEqual(definition.Components) && branches[p.Code].IsSubsetOf(own))
                .ToList();
            var covered = new HashSet<string>(parts.SelectMany(p => branches[p.Code]), StringComparer.Ordinal);
            if (parts.Count > 0 && covered.SetEquals(own))
            {
                aliases[code] = [.. Cover(own, parts.Select(p => (p.Code, branches[p.Code])))];
            }
            else
            {
                stored.Add(definition);
            }
        }

        return aliases;
    }

    /// <summary>The top-level union branches of an expression, outer parentheses and spacing removed, nested unions flattened.</summary>
    internal static HashSet<string> Branches(string expression)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var branch in ExpressionNarrowing.SplitUnion(expression))
        {
            var inner = Unwrap(branch);
            if (inner.Length != branch.Length && ExpressionNarrowing.SplitUnion(inner).Skip(1).Any())
            {
                result.UnionWith(Branches(inner));
            }
            else
            {
                result.Add(string.Join(' ', inner.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            }
        }

        return result;
    }

    /// <summary>A few of the parts that still cover every branch, largest first, so the SQL names as few parameters as it can.</summary>
    private static IEnumerable<string> Cover(HashSet<string> own, IEnumerable<(string Code, HashSet<string> Branches)> parts)
    {
        var left = new HashSet<string>(own, StringComparer.Ordinal);
        var chosen = new List<string>();
        foreach (var (code, branches) in parts.OrderByDescending(p => p.Branches.Count).ThenBy(p => p.Code, StringComparer.Ordinal))
        {
            if (branches.Overlaps(left))
            {
                chosen.Add(code);
                left.ExceptWith(branches);
            }
        }

        return chosen.Order(StringComparer.Ordinal);
    }

    /// <summary><c>(a as B)</c> without the parentheses that enclose all of it; anything else as it is.</summary>
    private static string Unwrap(string branch)
    {
        var text = branch.Trim();
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')' && Closes(text))
        {
            text = text[1..^1].Trim();
        }

        return text;
    }

    /// <summary>Whether the parenthesis opening <paramref name="text"/> is the one closing it.</summary>
    private static bool Closes(string text)
    {
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'' && (i == 0 || text[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')' && --depth == 0)
            {
                return i == text.Length - 1;
            }
        }

        return false;
    }
}
