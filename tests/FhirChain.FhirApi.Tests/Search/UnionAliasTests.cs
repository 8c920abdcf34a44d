using FhirChain.FhirApi.Search;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// The parameters searched as the union of others instead of indexed: found from the R4
/// expressions, they must be exactly the expected table, and on real resources the FHIRPath engine
/// must give each alias exactly the values of its parts.
/// </summary>
public sealed class UnionAliasTests
{
    private static readonly SearchParameterRegistry Registry = new();

    /// <summary>What the registry finds in R4 (the RemoveUnionAliasRows migration deletes these parameters' rows).</summary>
    private static readonly string[] Expected =
    [
        "CapabilityStatement.fhirversion = version",
        "CodeSystem.system = url",
        "Observation.combo-code = code | component-code",
        "Observation.combo-code-value-concept = code-value-concept | component-code-value-concept",
        "Observation.combo-code-value-quantity = code-value-quantity | component-code-value-quantity",
        "Observation.combo-data-absent-reason = component-data-absent-reason | data-absent-reason",
        "Observation.combo-value-concept = component-value-concept | value-concept",
        "Observation.combo-value-quantity = component-value-quantity | value-quantity",
        "Patient.phonetic = name",
        "Person.phonetic = name",
        "Practitioner.phonetic = name",
        "RelatedPerson.phonetic = name",
    ];

    [Fact]
    public void The_aliases_found_in_the_R4_expressions_are_the_expected_ones()
    {
        var found = Registry.Types
            .SelectMany(t => Registry.For(t).Where(d => d.UnionOf is not null))
            .Select(d => $"{d.ResourceType}.{d.Code} = {string.Join(" | ", d.UnionOf!)}")
            .Order(StringComparer.Ordinal)
            .ToArray();

        found.ShouldBe(Expected, string.Join("\n", found));
    }

    [Fact]
    public void An_alias_selects_exactly_the_values_of_its_parts_on_every_sample_resource()
    {
        var compared = 0;
        foreach (var resource in SimplePathTests.SampleResources())
        {
            foreach (var alias in Registry.For(resource.TypeName).Where(d => d.UnionOf is not null))
            {
                var parts = alias.UnionOf!.Select(code => Registry.Find(resource.TypeName, code)!).ToList();
                parts.ShouldAllBe(p => p.Type == alias.Type && p.UnionOf == null && p.Components.SequenceEqual(alias.Components));

                // For a composite these are the elements both components are read from.
                var own = SimplePathTests.Evaluate(resource, alias.Expression!);
                var theirs = parts.SelectMany(p => SimplePathTests.Evaluate(resource, p.Expression!)).ToList();
                var where = $"{resource.TypeName}/{resource.Id} {alias.Code}";
                own.ShouldAllBe(v => theirs.Any(t => t.IsExactly(v)), where);
                theirs.ShouldAllBe(v => own.Any(o => o.IsExactly(v)), where);
                compared += own.Count;
            }
        }

        compared.ShouldBeGreaterThan(100, "values compared, so the aliases were exercised on real data");
    }
}
