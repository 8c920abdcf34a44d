using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Table-driven searches over the fixed data set: each row is a type, a query and the exact ids it
/// must match, on every database (fhir-candle style).
/// </summary>
[Collection(SearchFixtureCollection.Name)]
public sealed class SearchMatchTests(SearchFixture fixture)
{
    public static TheoryData<DatabaseKind, string, string, string[]> Cases
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string, string, string[]>();
            foreach (var kind in Databases.Kinds)
            {
                foreach (var (type, query, ids) in Table)
                {
                    data.Add(kind, type, query, ids);
                }
            }

            return data;
        }
    }

    private static readonly (string Type, string Query, string[] Ids)[] Table =
    [
        // string: default (starts with, case and accent folded), :exact, :contains, OR
        ("Patient", "family=peter", ["pat-1"]),
        ("Patient", "family=eve", ["pat-2"]),
        ("Patient", "family:exact=Ève", ["pat-2"]),
        ("Patient", "family:exact=eve", []),
        ("Patient", "family:contains=ters", ["pat-1"]),
        ("Patient", "name=anna", ["pat-3"]),
        ("Patient", "family=smith,peterson", ["pat-1", "pat-3"]),
        ("Patient", "family=smith&gender=male", []),

        // token: code, system|code, system|, :not, :text, :of-type, :missing
        ("Patient", "gender=female", ["pat-2", "pat-3"]),
        ("Patient", "gender:not=female", ["pat-1"]),
        ("Patient", "identifier=http://acme.org/mrn|111", ["pat-1"]),
        ("Patient", "identifier=http://other.org|111", []),
        ("Patient", "identifier:of-type=http://terminology.hl7.org/CodeSystem/v2-0203|MR|111", ["pat-1"]),
        ("Observation", "code=http://loinc.org|8480-6", ["obs-1", "obs-6"]),
        ("Observation", "code=8480-6", ["obs-1", "obs-6"]),
        ("Observation", "code=http://loinc.org|", ["obs-1", "obs-2", "obs-3", "obs-4", "obs-5", "obs-6"]),
        ("Observation", "code:text=body weight", ["obs-2", "obs-3"]),
        ("Observation", "status=preliminary", ["obs-3"]),
        ("Observation", "status:not=final", ["obs-3"]),
        ("Observation", "value-concept:missing=false", ["obs-5"]),
        ("Patient", "_id=pat-1,pat-2", ["pat-1", "pat-2"]),
        ("Patient", "_id:not=pat-1", ["pat-2", "pat-3"]),
        ("Patient", "_tag=http://acme.org/tags|vip", ["pat-1"]),
        ("Patient", "_security=R", ["pat-1"]),

        // token :in / :not-in against ValueSets stored here: an expansion (nested contains), a
        // compose with include/exclude concepts, a compose importing other ValueSets, by
        // url|version or ValueSet/id, several OR-ed, in a chain and in _has
        ("Observation", "code:in=http://acme.org/fhir/ValueSet/bp|1", ["obs-1", "obs-4", "obs-6"]),
        ("Observation", "code:in=http://acme.org/fhir/ValueSet/bp|2", ["obs-4"]),
        ("Observation", "code:in=ValueSet/vs-bp", ["obs-1", "obs-4", "obs-6"]),
        ("Observation", "code:not-in=ValueSet/vs-bp", ["obs-2", "obs-3", "obs-5"]),
        ("Observation", "code:in=http://acme.org/fhir/ValueSet/weight", ["obs-2", "obs-3"]),
        ("Observation", "code:in=http://acme.org/fhir/ValueSet/vitals", ["obs-1", "obs-2", "obs-3", "obs-4", "obs-6"]),
        ("Observation", "code:in=ValueSet/vs-bp-2,ValueSet/vs-weight", ["obs-2", "obs-3", "obs-4"]),
        ("Patient", "gender:in=http://acme.org/fhir/ValueSet/female", ["pat-2", "pat-3"]),
        ("Patient", "gender:not-in=http://acme.org/fhir/ValueSet/female", ["pat-1"]),
        ("Observation", "subject:Patient.gender:in=ValueSet/vs-female", ["obs-2", "obs-4", "obs-5"]),
        ("Patient", "_has:Observation:patient:code:in=ValueSet/vs-weight", ["pat-1", "pat-2"]),

        // date: every prefix
        ("Observation", "date=2024-03-05", ["obs-1", "obs-4"]),
        ("Observation", "date=eq2024-03", ["obs-1", "obs-4"]),
        ("Observation", "date=ne2024-03-05", ["obs-2", "obs-3", "obs-5", "obs-6"]),
        ("Observation", "date=gt2024-03-05", ["obs-2"]),
        ("Observation", "date=ge2024-03-05", ["obs-1", "obs-2", "obs-4"]),
        ("Observation", "date=lt2024", ["obs-3", "obs-5", "obs-6"]),
        ("Observation", "date=le2023-12-31", ["obs-3", "obs-5", "obs-6"]),
        ("Observation", "date=sa2024-03-05", ["obs-2"]),
        ("Observation", "date=eb2022", ["obs-6"]),
        ("Observation", "date=ap2024-03-05", ["obs-1", "obs-4"]),
        ("Observation", "date=ge2024-01-01&date=lt2024-04-01", ["obs-1", "obs-4"]),
        ("Patient", "birthdate=1970", ["pat-1"]),
        ("Patient", "birthdate:missing=true", ["pat-3"]),
        ("Patient", "_lastUpdated=gt2000-01-01", ["pat-1", "pat-2", "pat-3"]),
        ("Patient", "_lastUpdated=lt2000-01-01", []),

        // number: every prefix
        ("RiskAssessment", "probability=0.25", ["risk-1"]),
        ("RiskAssessment", "probability=0.3", ["risk-1"]), // 0.3 stands for [0.25, 0.35)
        ("RiskAssessment", "probability=0.30", []),
        ("RiskAssessment", "probability=ne0.25", ["risk-2"]),
        ("RiskAssessment", "probability=gt0.5", ["risk-2"]),
        ("RiskAssessment", "probability=lt0.5", ["risk-1"]),
        ("RiskAssessment", "probability=ge0.8", ["risk-2"]),
        ("RiskAssessment", "probability=le0.25", ["risk-1"]),
        ("RiskAssessment", "probability=sa0.5", ["risk-2"]),
        ("RiskAssessment", "probability=eb0.5", ["risk-1"]),
        ("RiskAssessment", "probability=ap0.75", ["risk-2"]),

        // quantity: plain number, with units, UCUM conversion (g <-> kg <-> [lb_av])
        ("Observation", "value-quantity=120", ["obs-1"]),
        ("Observation", "value-quantity=gt100", ["obs-1", "obs-2", "obs-3"]),
        ("Observation", "value-quantity=ge185", ["obs-2", "obs-3"]),
        ("Observation", "value-quantity=lt121|http://unitsofmeasure.org|mm[Hg]", ["obs-1", "obs-6"]),
        ("Observation", "value-quantity=le100|http://unitsofmeasure.org|mm[Hg]", ["obs-6"]),
        ("Observation", "value-quantity=72|http://unitsofmeasure.org|kg", ["obs-2"]),
        ("Observation", "value-quantity=gt80|http://unitsofmeasure.org|kg", ["obs-3"]),
        ("Observation", "value-quantity=ap84000|http://unitsofmeasure.org|g", ["obs-3"]),
        ("Observation", "value-quantity=120||mm[Hg]", ["obs-1"]),

        // composite
        ("Observation", "code-value-quantity=http://loinc.org|8480-6$gt110", ["obs-1"]),
        ("Observation", "code-value-quantity=8480-6$lt110", ["obs-6"]),
        ("Observation", "component-code-value-quantity=http://loinc.org|8480-6$gt140", ["obs-4"]),
        ("Observation", "component-code-value-quantity=http://loinc.org|8462-4$gt140", []),
        ("Observation", "code-value-concept=http://loinc.org|72166-2$http://snomed.info/sct|266919005", ["obs-5"]),

        // reference: id, type/id, :[type], :identifier, :missing
        ("Observation", "subject=Patient/pat-1", ["obs-1", "obs-3"]),
        ("Observation", "subject=pat-1", ["obs-1", "obs-3"]),
        ("Observation", "subject:Patient=pat-2", ["obs-2", "obs-4"]),
        ("Observation", "subject:Group=pat-2", []),
        ("Observation", "patient=pat-2", ["obs-2", "obs-4"]),
        ("Observation", "subject:identifier=http://acme.org/mrn|111", ["obs-6"]),
        ("Observation", "subject:missing=true", ["obs-6"]),
        ("Observation", "performer=Practitioner/prac-1", ["obs-1"]),

        // chained, multi-level
        ("Observation", "subject:Patient.name=peter", ["obs-1", "obs-3"]),
        ("Observation", "subject.family=eve", ["obs-2", "obs-4"]),
        ("Observation", "subject:Patient.general-practitioner.name=jones", ["obs-1", "obs-3"]),
        ("Observation", "subject:Patient.organization.name=acme", ["obs-2", "obs-4"]),
        ("Patient", "general-practitioner:Practitioner.family=jones", ["pat-1"]),
        ("Observation", "subject:Patient.gender=female&code=29463-7", ["obs-2"]),

        // reverse chained, nested
        ("Patient", "_has:Observation:patient:code=8480-6", ["pat-1"]),
        ("Patient", "_has:Observation:subject:value-quantity=gt1000", ["pat-2"]),
        ("Patient", "_has:Observation:patient:code=0000-0", []),
        ("Practitioner", "_has:Patient:general-practitioner:_has:Observation:patient:code=29463-7", ["prac-1"]),
        ("Patient", "_has:Observation:patient:subject:Patient.family=peterson", ["pat-1"]),

        // uri: exact, :below, :above
        ("Patient", "_profile=http://acme.org/StructureDefinition/special-patient", ["pat-1"]),
        ("Patient", "_profile:below=http://acme.org/StructureDefinition", ["pat-1"]),
        ("Patient", "_profile:below=http://acme.org/StructureDefinition/", ["pat-1"]),
        ("Patient", "_profile:below=http://acme.org/StructureDef", []), // a path prefix, not a string prefix
        ("Patient", "_profile:below=http://acme.org/StructureDefinition/special-patient", ["pat-1"]),
        ("Patient", "_profile:above=http://acme.org/StructureDefinition/special-patient/v2", ["pat-1"]),
        ("Patient", "_profile:above=http://other.org/StructureDefinition/x", []),
        ("Patient", "_profile:above=http://acme.org/StructureDefinition/special-patientx", []),
        ("Patient", "_source=http://acme.org/source/ehr", ["pat-1"]),

        // special: _text, _content, _list
        ("Patient", "_text=sailing", ["pat-1"]),
        ("Patient", "_text=sail chess", ["pat-1"]),
        ("Patient", "_text=golf", []),
        ("Patient", "_content=peterson", ["pat-1"]),
        ("Patient", "_content=acme", ["pat-1"]),
        ("Patient", "_content=org-1", ["pat-2"]),
        ("Patient", "_list=list-1", ["pat-1", "pat-3"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async System.Threading.Tasks.Task Search_matches_exactly_the_expected_resources(DatabaseKind kind, string type, string query, string[] expected)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/{type}?{query}&_count=100");
        var bundle = await response.ReadAsync<Bundle>();

        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).ShouldBeEmpty($"{type}?{query} ignored a parameter");
        var ids = bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id).Order(StringComparer.Ordinal).ToArray();
        ids.ShouldBe(expected.Order(StringComparer.Ordinal).ToArray(), $"{type}?{query}");
        bundle.Total.ShouldBe(expected.Length);
    }
}
