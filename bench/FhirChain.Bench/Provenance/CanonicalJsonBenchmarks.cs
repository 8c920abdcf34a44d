using System.Text;
using BenchmarkDotNet.Attributes;
using FhirChain.Provenance.Leaves;

namespace FhirChain.Bench.Provenance;

/// <summary>Canonicalization of a realistic Observation of about 5.2 KB (10 components), as done on every FHIR read.</summary>
[MemoryDiagnoser]
public class CanonicalJsonBenchmarks
{
    private byte[] _observation = [];

    [GlobalSetup]
    public void Setup()
    {
        var components = string.Join(",", Enumerable.Range(0, 10).Select(i => $$"""
            {
              "code": { "coding": [ { "system": "http://loinc.org", "code": "8{{i}}62-{{i % 10}}", "display": "Component measurement number {{i}}" } ], "text": "Component {{i}}" },
              "valueQuantity": { "value": {{100 + i}}.50, "unit": "mm[Hg]", "system": "http://unitsofmeasure.org", "code": "mm[Hg]" },
              "interpretation": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "code": "N", "display": "Normal" } ] } ]
            }
            """));
        var json = $$"""
            {
              "resourceType": "Observation",
              "id": "blood-pressure-panel",
              "meta": { "versionId": "7", "lastUpdated": "2024-05-01T10:00:00.123+00:00", "profile": [ "http://hl7.org/fhir/StructureDefinition/vitalsigns" ] },
              "identifier": [ { "system": "urn:ietf:rfc:3986", "value": "urn:uuid:187e0c12-8dd2-67e2-99b2-bf273c878281" } ],
              "basedOn": [ { "identifier": { "system": "https://acme.org/identifiers", "value": "1234" } } ],
              "status": "final",
              "category": [ { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs", "display": "Vital Signs" } ] } ],
              "code": { "coding": [ { "system": "http://loinc.org", "code": "85354-9", "display": "Blood pressure panel with all children optional" } ], "text": "Blood pressure systolic & diastolic – Zürich clinic" },
              "subject": { "reference": "Patient/example", "display": "Peter James Chalmers" },
              "effectiveDateTime": "2012-09-17",
              "performer": [ { "reference": "Practitioner/example" } ],
              "note": [ { "text": "Patient was \"calm\" and seated.\nRe-measured after 5\tminutes." } ],
              "component": [ {{components}} ]
            }
            """;
        _observation = Encoding.UTF8.GetBytes(json);
    }

    [Benchmark(Description = "CanonicalJson.Canonicalize (~5 KB Observation)")]
    public byte[] Canonicalize() => CanonicalJson.Canonicalize(_observation);

    [Benchmark(Description = "Canonicalize + ContentDigest + leaf hash")]
    public byte[] Canonicalize_digest_and_leaf()
    {
        var digest = ContentDigest.Compute(new byte[32], CanonicalJson.Canonicalize(_observation));
        return new LeafV1(LeafOperation.Update, "Observation", "blood-pressure-panel", "7", "2024-05-01T10:00:00.123+00:00", digest, digest).Hash();
    }
}
