namespace FhirChain.FhirApi.Search;

/// <summary>
/// Many R4 search parameters share one FHIRPath expression across resource types
/// (<c>AllergyIntolerance.patient | CarePlan.subject.where(resolve() is Patient) | ...</c>, thirty
/// branches for <c>patient</c>). Evaluating every branch on every resource is most of the cost of
/// indexing, so each type keeps only the branches that can match it.
/// </summary>
internal static class ExpressionNarrowing
{
    /// <summary>The branches of <paramref name="expression"/> that apply to <paramref name="resourceType"/>, or null when none does.</summary>
    public static string? ForType(string expression, string resourceType)
    {
        var kept = new List<string>();
        foreach (var branch in SplitUnion(expression))
        {
            var root = RootName(branch);
            if (root is null || root == resourceType || root == "Resource" || root == "DomainResource" || !char.IsUpper(root[0]))
            {
                kept.Add(branch);
            }
        }

        return kept.Count == 0 ? null : string.Join(" | ", kept);
    }

    /// <summary>Top-level <c>|</c> branches, ignoring bars inside parentheses, brackets or quotes.</summary>
    internal static IEnumerable<string> SplitUnion(string expression)
    {
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\'' && (i == 0 || expression[i - 1] != '\\'))
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '(' or '[')
            {
                depth++;
            }
            else if (!quoted && c is ')' or ']')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && c == '|')
            {
                yield return expression[start..i].Trim();
                start = i + 1;
            }
        }

        yield return expression[start..].Trim();
    }

    /// <summary>The first identifier of a branch (<c>Observation</c> in <c>(Observation.value as Quantity)</c>).</summary>
    private static string? RootName(string branch)
    {
        var text = branch.TrimStart('(', ' ');
        var end = 0;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end == 0 ? null : text[..end];
    }
}
