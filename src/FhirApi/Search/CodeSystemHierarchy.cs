using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The is-a hierarchy of one stored CodeSystem, for token <c>:above</c>/<c>:below</c>: a concept
/// nested in another is its child, and so is a concept with a <c>parent</c> property naming the
/// other, or named by the other's <c>child</c> property (the standard concept properties, by code or
/// by their <c>http://hl7.org/fhir/concept-properties</c> URI). A code system that does not list
/// all its codes (<c>content</c> other than complete) or whose hierarchy means something other than
/// is-a cannot answer subsumption here; <see cref="Problem"/> says why.
/// </summary>
internal sealed class CodeSystemHierarchy
{
    private const string PropertiesUri = "http://hl7.org/fhir/concept-properties#";

    private readonly HashSet<string> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> parents = new(StringComparer.Ordinal);

    private CodeSystemHierarchy(string? problem) => Problem = problem;

    /// <summary>Why subsumption cannot be tested in this code system without a terminology server; null when it can.</summary>
    public string? Problem { get; }

    public static CodeSystemHierarchy Unusable(string problem) => new(problem);

    public static CodeSystemHierarchy From(CodeSystem codeSystem)
    {
        if (codeSystem.Content is { } content and not CodeSystemContentMode.Complete)
        {
            return new($"has content '{content.GetLiteral()}', not complete: it does not list every code, so subsumption needs a terminology server.");
        }

        if (codeSystem.HierarchyMeaning is { } meaning and not CodeSystem.CodeSystemHierarchyMeaning.IsA)
        {
            return new($"has hierarchyMeaning '{meaning.GetLiteral()}', not is-a, so its hierarchy does not say which codes subsume which.");
        }

        var declared = codeSystem.Property.Where(p => p.Code is not null).ToDictionary(p => p.Code!, p => p.Uri ?? string.Empty, StringComparer.Ordinal);
        var hierarchy = new CodeSystemHierarchy(null);
        hierarchy.Add(codeSystem.Concept, parent: null, codeSystem.Url, declared);
        return hierarchy;
    }

    /// <summary>Whether the code system defines the code.</summary>
    public bool Defines(string code) => codes.Contains(code);

    /// <summary>The code and every code it subsumes (its descendants): what <c>:below</c> matches.</summary>
    public IReadOnlySet<string> Below(string code) => Closure(code, children);

    /// <summary>The code and every code that subsumes it (its ancestors): what <c>:above</c> matches.</summary>
    public IReadOnlySet<string> Above(string code) => Closure(code, parents);

    private void Add(IEnumerable<CodeSystem.ConceptDefinitionComponent> concepts, string? parent, string? system, Dictionary<string, string> declared)
    {
        foreach (var concept in concepts)
        {
            if (concept.Code is not { } code)
            {
                continue;
            }

            codes.Add(code);
            if (parent is not null)
            {
                Link(parent, code);
            }

            foreach (var property in concept.Property)
            {
                var target = property.Value switch
                {
                    Code value => value.Value,
                    Coding coding when coding.System is null || coding.System == system => coding.Code,
                    _ => null,
                };
                switch (target is null ? null : Meaning(property.Code, declared))
                {
                    case "parent":
                        Link(target!, code);
                        break;
                    case "child":
                        Link(code, target!);
                        break;
                }
            }

            Add(concept.Concept, code, system, declared);
        }
    }

    /// <summary>"parent" or "child" when the property is that standard property (by its declared URI, else by its code).</summary>
    private static string? Meaning(string? propertyCode, Dictionary<string, string> declared)
    {
        if (propertyCode is null)
        {
            return null;
        }

        var uri = declared.GetValueOrDefault(propertyCode, string.Empty);
        var name = uri.StartsWith(PropertiesUri, StringComparison.Ordinal) ? uri[PropertiesUri.Length..] : propertyCode;
        return name is "parent" or "child" ? name : null;
    }

    private void Link(string parent, string child)
    {
        Edges(children, parent).Add(child);
        Edges(parents, child).Add(parent);
    }

    private static HashSet<string> Edges(Dictionary<string, HashSet<string>> edges, string code)
    {
        if (!edges.TryGetValue(code, out var set))
        {
            edges[code] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }

    /// <summary>The code and everything reachable from it along the edges (a cycle ends where it closes).</summary>
    private static HashSet<string> Closure(string code, Dictionary<string, HashSet<string>> edges)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { code };
        var pending = new Stack<string>([code]);
        while (pending.TryPop(out var next))
        {
            foreach (var linked in edges.GetValueOrDefault(next) ?? [])
            {
                if (reached.Add(linked))
                {
                    pending.Push(linked);
                }
            }
        }

        return reached;
    }
}
