using System.Text.Json.Nodes;
using FhirChain.FhirApi.Export;

namespace FhirChain.FhirApi.Tests.Export;

/// <summary>The de-identification rules of docs/security.md, on single resources.</summary>
public sealed class DeidentifierTests
{
    private static readonly Deidentifier Deidentifier = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Direct_identifiers_narrative_and_reference_displays_are_removed()
    {
        var json = """
            {"resourceType":"Patient","id":"p1","text":{"status":"generated","div":"<div>Jo Doe</div>"},
             "identifier":[{"value":"123"}],"name":[{"family":"Doe"}],"telecom":[{"value":"555"}],"address":[{"city":"X"}],
             "photo":[{"url":"http://x"}],"contact":[{"name":{"family":"Mum"}}],"gender":"female","birthDate":"1980-04-12",
             "extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthPlace","valueAddress":{"city":"Y"}},{"url":"urn:x","valueString":"kept"}],
             "generalPractitioner":[{"reference":"Practitioner/dr1","display":"Dr Who"}]}
            """;
        var result = JsonNode.Parse(Deidentifier.Apply(json))!.AsObject();
        foreach (var removed in new[] { "text", "identifier", "name", "telecom", "address", "photo", "contact" })
        {
            result.ContainsKey(removed).ShouldBeFalse(removed);
        }

        result["gender"]!.GetValue<string>().ShouldBe("female");
        result["extension"]!.AsArray().Count.ShouldBe(1);
        result["generalPractitioner"]![0]!.AsObject().ContainsKey("display").ShouldBeFalse();
        result["generalPractitioner"]![0]!["reference"]!.GetValue<string>().ShouldBe("Practitioner/" + Deidentifier.Pseudonym("Practitioner", "dr1"));
        result["id"]!.GetValue<string>().ShouldBe(Deidentifier.Pseudonym("Patient", "p1"));
    }

    [Fact]
    public void Dates_of_one_patient_shift_together_at_their_own_precision()
    {
        var patient = JsonNode.Parse(Deidentifier.Apply("""{"resourceType":"Patient","id":"p1","birthDate":"1980-04-12"}"""))!;
        var observation = JsonNode.Parse(Deidentifier.Apply("""
            {"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p1"},
             "effectiveDateTime":"1980-04-13T08:00:00+00:00","issued":"1980-05","meta":{"lastUpdated":"2026-01-01T00:00:00Z"}}
            """))!;
        var shift = DateTime.Parse(patient["birthDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - new DateTime(1980, 4, 12);
        shift.ShouldNotBe(TimeSpan.Zero);
        DateTimeOffset.Parse(observation["effectiveDateTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(new DateTimeOffset(1980, 4, 13, 8, 0, 0, TimeSpan.Zero) + shift);
        observation["issued"]!.GetValue<string>().Length.ShouldBe(7);
        observation["meta"]!["lastUpdated"]!.GetValue<string>().ShouldBe("2026-01-01T00:00:00Z");
    }
}
