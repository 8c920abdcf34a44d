using System.Collections;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// The FHIRPath expressions most search parameters use, evaluated by walking the POCOs directly:
/// unions of paths (<c>Observation.code | Observation.component.code</c>), type filters
/// (<c>(Observation.value as Quantity)</c>, <c>value.as(Quantity)</c>, <c>ofType(Quantity)</c>) and
/// <c>where(resolve() is Patient)</c> on references. That is 96% of the R4 expression branches,
/// and the engine's general machinery was most of the cost of indexing a write. Anything else
/// (functions, comparisons, indexers) is not a simple path: <see cref="TryParse"/> returns null and
/// the FHIRPath engine evaluates it. The results are the engine's: the same elements in the same
/// order, a union without duplicate values, <c>as</c> matching subtypes (an Age is a Quantity).
/// </summary>
internal sealed partial class SimplePath
{
    private readonly Step[][] branches;

    private SimplePath(Step[][] branches) => this.branches = branches;

    /// <summary>The expression as simple paths, or null when any branch is something else.</summary>
    public static SimplePath? TryParse(string expression)
    {
        var branches = new List<Step[]>();
        foreach (var branch in ExpressionNarrowing.SplitUnion(expression))
        {
            var text = branch;
            if (AsOperator().Match(branch) is { Success: true } paren)
            {
                // (path as Type).tail is path.as(Type).tail
                text = $"{paren.Groups["path"].Value}.as({paren.Groups["type"].Value}){paren.Groups["tail"].Value}";
            }

            var steps = new List<Step>();
            foreach (var segment in text.Split('.'))
            {
                if (ParseStep(segment) is not { } step)
                {
                    return null;
                }

                steps.Add(step);
            }

            if (steps[0].Kind != StepKind.Child)
            {
                return null;
            }

            branches.Add([.. steps]);
        }

        return new SimplePath([.. branches]);
    }

    /// <summary>The values the expression selects on <paramref name="root"/> (a resource, or an element for a composite's components).</summary>
    public List<Base> Select(Base root)
    {
        var results = new List<Base>();
        foreach (var branch in branches)
        {
            var focus = new List<Base>();
            var start = 0;
            if (char.IsUpper(branch[0].Name[0]))
            {
                // A leading type name selects the root when it is of that type.
                if (!IsOfType(root, branch[0].Name))
                {
                    continue;
                }

                start = 1;
            }

            focus.Add(root);
            for (var i = start; i < branch.Length && focus.Count > 0; i++)
            {
                focus = Apply(branch[i], focus);
            }

            if (branches.Length == 1)
            {
                return focus;
            }

            // FHIRPath's union drops values equal to one already in the collection.
            foreach (var value in focus)
            {
                if (!results.Exists(r => r.IsExactly(value)))
                {
                    results.Add(value);
                }
            }
        }

        return results;
    }

    private static List<Base> Apply(Step step, List<Base> focus)
    {
        var next = new List<Base>(focus.Count);
        foreach (var item in focus)
        {
            switch (step.Kind)
            {
                case StepKind.Child when item.TryGetValue(step.Name, out var child):
                    if (child is Base single)
                    {
                        next.Add(single);
                    }
                    else if (child is IEnumerable many and not string)
                    {
                        next.AddRange(many.OfType<Base>());
                    }

                    break;
                case StepKind.OfType when IsOfType(item, step.Name):
                    next.Add(item);
                    break;
                case StepKind.ResolvesTo when ReferenceOf(item) is { } reference && IndexValueExtractor.ReferencedType(reference) == step.Name:
                    next.Add(item);
                    break;
            }
        }

        return next;
    }

    private static string? ReferenceOf(Base item) => item switch
    {
        ResourceReference r => r.Reference,
        PrimitiveType { JsonValue: string s } => s,
        _ => null,
    };

    private static bool IsOfType(Base item, string typeName) =>
        item.TypeName == typeName
        || (ModelInfo.GetTypeForFhirType(typeName) is { } type && type.IsInstanceOfType(item));

    private static Step? ParseStep(string segment)
    {
        if (Identifier().IsMatch(segment))
        {
            return new Step(StepKind.Child, segment);
        }

        if (TypeFunction().Match(segment) is { Success: true } filter)
        {
            return new Step(StepKind.OfType, filter.Groups["type"].Value);
        }

        return ResolveFilter().Match(segment) is { Success: true } resolve ? new Step(StepKind.ResolvesTo, resolve.Groups["type"].Value) : null;
    }

    [GeneratedRegex(@"^\(\s*(?<path>[A-Za-z][A-Za-z0-9_.]*)\s+as\s+(?<type>[A-Za-z][A-Za-z0-9_]*)\s*\)(?<tail>(\.[A-Za-z][A-Za-z0-9_]*)*)$")]
    private static partial Regex AsOperator();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(as|ofType)\((?<type>[A-Za-z][A-Za-z0-9_]*)\)$")]
    private static partial Regex TypeFunction();

    [GeneratedRegex(@"^where\(resolve\(\) is (?<type>[A-Za-z][A-Za-z0-9_]*)\)$")]
    private static partial Regex ResolveFilter();

    private enum StepKind
    {
        Child,
        OfType,
        ResolvesTo,
    }

    private sealed record Step(StepKind Kind, string Name);
}
