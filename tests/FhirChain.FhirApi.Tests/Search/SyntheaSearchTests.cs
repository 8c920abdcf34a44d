using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Realistic searches over the Synthea samples (fhir-candle style), on every database. The
/// expected resources are the sample files' ids, worked out once from the JSON with jq, not by
/// asking the server. Every jq filter below runs over the resources of the four files:
/// <code>
/// cd tests/FhirChain.FhirApi.Tests/Samples/synthea
/// jq -s '[.[].entry[].resource]' hospital*.json practitioner*.json Agustin*.json Gustavo*.json &gt; /tmp/r.json
/// jq -c '[.[] | select(.resourceType == "Patient") | .id]' /tmp/r.json
/// </code>
/// String matches (starts with, case and accent folded) are written as jq <c>test("^...";"i")</c>;
/// the two patients are Agustín Fonseca and Gustavo Mejía (references in the files are
/// <c>urn:uuid:</c> + the patient's id). Quantities in UCUM units also match in other units of the
/// same dimension (kg as g, g/dL as g/L).
/// </summary>
[Collection(SyntheaFixtureCollection.Name)]
public sealed class SyntheaSearchTests(SyntheaFixture fixture)
{
    private const string Agustin = "27de96c6-6910-4f0f-8f10-00ce6090f447";
    private const string Gustavo = "cdf500b9-7cc4-424d-a86c-a18e6620d6e7";

    private static readonly string[] AgustinEncounters =
        ["451d2f06-8dc7-4686-93e3-90d408c47f5f", "71b2cdb5-b694-4f44-aa56-d47675b062d6", "65ba1296-cc74-43a6-b5dc-d66dfde6e880", "657813e0-4f81-4e43-b104-5f00fe26bb8d", "30eac7f7-8f9f-4256-85b4-4ea721195d23", "c5ba5267-5fcd-4f89-8d50-6b9914a1d29a", "0a886118-de47-4121-b4e7-67766953c54e"];

    public static TheoryData<DatabaseKind, string, string[]> Matches => ForEachDatabase(MatchTable);

    public static TheoryData<DatabaseKind, string, int> Counts => ForEachDatabase(CountTable);

    public static TheoryData<DatabaseKind, string, string[], string[]> Includes
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string, string[], string[]>();
            foreach (var kind in Databases.Kinds)
            {
                foreach (var (query, matches, included) in IncludeTable)
                {
                    data.Add(kind, query, matches, included);
                }
            }

            return data;
        }
    }

    public static TheoryData<DatabaseKind, string, string[]> Sorted => ForEachDatabase(SortTable);

    private static readonly (string Query, string[] Ids)[] MatchTable =
    [
        // Patient by name, birthdate, gender, identifier, address
        // select(.resourceType=="Patient" and (.name[].family|test("^mej[ií]a";"i")))
        ("Patient?family=mejia", [Gustavo]),
        ("Patient?family:exact=Mejía", [Gustavo]),
        ("Patient?family:exact=mejia", []),
        ("Patient?given=agust", [Agustin]),
        ("Patient?name=fonseca", [Agustin]),
        // .birthDate: Agustin 1994-02-01, Gustavo 1986-11-27
        ("Patient?birthdate=1986-11-27", [Gustavo]),
        ("Patient?birthdate=ge1990", [Agustin]),
        ("Patient?birthdate=lt1990-01-01", [Gustavo]),
        ("Patient?birthdate=eq1994-02", [Agustin]),
        ("Patient?gender=male", [Agustin, Gustavo]),
        ("Patient?gender=female", []),
        // .identifier[] | select(.system=="http://hl7.org/fhir/sid/us-ssn")
        ("Patient?identifier=http://hl7.org/fhir/sid/us-ssn|999-68-8566", [Gustavo]),
        ("Patient?identifier=999-88-8619", [Agustin]),
        ("Patient?identifier=http://hospital.smarthealthit.org|cb5696d9-a0de-4f49-94f9-433f96a28eb0", [Agustin]),
        ("Patient?address-city=boston", [Gustavo]),

        // Observation by code, value-quantity with prefixes and units, dates
        // select(.resourceType=="Observation" and .code.coding[0].code=="29463-7")
        ("Observation?code=http://loinc.org|29463-7",
            ["5421fc74-1ea4-441c-960b-30458c66dc6d", "05ad1040-35c2-4c32-8990-de9229d8f0ad", "0ab82159-a1e1-4745-9d6f-e99a1b17947b", "b5b47882-ca3a-46ed-af14-26ba0873e19a", "3f050510-8f2a-49a0-8265-13e8391dbf23", "739e5cc4-8d10-44fb-8633-429fcbe94bf7", "aa3dec5c-0c96-428c-870c-2cd32a4bd232", "cd7f2c4c-efa9-4621-88a7-c41bf7749700", "273fe029-9f04-4de3-b936-1e194b5ebced"]),
        // ... and .valueQuantity.value > 85 (kg)
        ("Observation?code=29463-7&value-quantity=gt85|http://unitsofmeasure.org|kg", ["b5b47882-ca3a-46ed-af14-26ba0873e19a", "3f050510-8f2a-49a0-8265-13e8391dbf23", "273fe029-9f04-4de3-b936-1e194b5ebced"]),
        ("Observation?code=29463-7&value-quantity=gt85000|http://unitsofmeasure.org|g", ["b5b47882-ca3a-46ed-af14-26ba0873e19a", "3f050510-8f2a-49a0-8265-13e8391dbf23", "273fe029-9f04-4de3-b936-1e194b5ebced"]),
        // .code.coding[0].code=="8302-2" and .valueQuantity.value <= 175 (cm)
        ("Observation?code=8302-2&value-quantity=le175", ["8fbe4f91-b04b-4587-a9f5-06475defafe3", "7dcb2345-fb0f-4a24-8bbe-81903a7496a7", "cc5368fa-6862-4a11-8054-db99d0d301bb", "011c46a2-1b79-4387-8bed-ec64f7c1aca0"]),
        // .code.coding[0].code=="2093-3" and (.valueQuantity.value | . >= 166.5 and . <= 203.5): ap is +-10%
        ("Observation?code=2093-3&value-quantity=ap185", ["d6d9a929-11c3-45f1-87d4-e9af1e5e2d69"]),
        // .code.coding[0].code=="718-7": 14.54 and 16.61 g/dL
        ("Observation?code=718-7&value-quantity=lt15|http://unitsofmeasure.org|g/dL", ["22126548-79f1-46da-94b7-062b3333e389"]),
        ("Observation?code=718-7&value-quantity=gt150|http://unitsofmeasure.org|g/L", ["e753e5a0-deb3-422f-94db-127c8ca5685d"]),
        // .code.coding[0].code=="39156-5" and .effectiveDateTime >= "2017"
        ("Observation?code=39156-5&date=ge2017-01-01", ["2ccc6bda-67a3-4ac6-9b0f-2ec7998d9d80", "7986288d-5ce5-4b53-bcd3-8112094e76e7", "1233a502-c1b3-4568-9f9a-8719df07b94a"]),
        ("Observation?code=39156-5&date=ge2016&date=lt2018", ["ea2531c4-1a8d-40fa-88ea-52c3433ba911", "7986288d-5ce5-4b53-bcd3-8112094e76e7"]),
        // .valueCodeableConcept.coding[0].code=="8517006" (former smoker)
        ("Observation?value-concept=http://snomed.info/sct|8517006", ["9b1c9d94-ddc2-4f0b-8fec-43f66e1bfe14", "81df1992-eb62-4f6f-9a6d-a6eec336b769", "3a2d7d8a-2b4a-48fd-89be-a3199d255171", "fcf6a61b-aa43-4693-b9b3-f67228c21da4"]),
        // .component[] | select(.code.coding[0].code=="8480-6" and .valueQuantity.value > 130)
        ("Observation?component-code-value-quantity=http://loinc.org|8480-6$gt130", ["c90eeb82-c287-47d2-bc17-70db66e67f72", "26243737-5524-464a-a33a-8fe76944ca34"]),
        // .code.coding[0].code=="55284-4" and .subject.reference=="urn:uuid:"+Gustavo
        ($"Observation?code=55284-4&patient=Patient/{{id:{Gustavo}}}", ["5478e60e-4614-4d45-8160-3b0448f2089f", "545606a5-a97c-4d81-be3d-760b08a9d8f2", "1d0451f8-ba58-4c2d-a8d3-52288f7a5f14", "0960edf6-fe74-407b-9a13-c72d4ed8f43b"]),
        // chained: the subject's family name
        ("Observation?subject:Patient.family=fonseca&code=72166-2", ["949a5c01-9b7c-4b15-8350-9bb66ee62ff8", "6eddde75-3d3b-43d3-b3f3-8808f45b5b41", "638d337c-c26a-460e-89d4-7748a34e6a5b", "80a9ed25-cc92-4335-811c-6d24164be3a1", "ef5ce7c7-aec8-4009-9cb5-763f78f0f84d"]),

        // Condition: code, onset, abatement, chained
        ("Condition?code=http://snomed.info/sct|44465007", ["94e76a2c-9c90-4fa8-9729-1f827a83fc52"]),
        // .onsetDateTime >= "2017"
        ("Condition?onset-date=ge2017", ["94e76a2c-9c90-4fa8-9729-1f827a83fc52", "19c5b3c1-dc80-406a-9e07-ae6de25b2896"]),
        // .abatementDateTime < "2016-01-31"
        ("Condition?abatement-date=lt2016-01-31", ["5ba54dcd-1694-404c-b839-70897f06ad57", "07df5143-3de5-435c-adfb-58563eb2a664"]),
        ("Condition?subject:Patient.name=mejia", ["07df5143-3de5-435c-adfb-58563eb2a664", "19c5b3c1-dc80-406a-9e07-ae6de25b2896"]),

        // Encounter: class, type, date, chained patient
        ("Encounter?class=EMER", ["657813e0-4f81-4e43-b104-5f00fe26bb8d", "c5ba5267-5fcd-4f89-8d50-6b9914a1d29a"]),
        ("Encounter?type=http://snomed.info/sct|185345009", ["6380c241-531e-4f89-a11b-8d354baf9102", "9670e167-44f7-4ff4-b977-1279a0d2843f"]),
        // .subject.reference=="urn:uuid:"+Gustavo and .period.start >= "2017"
        ("Encounter?patient.family=mejia&date=ge2017", ["9670e167-44f7-4ff4-b977-1279a0d2843f", "02d6ad44-39bd-40f2-b25b-fabef0493e18", "ec7efc22-6186-4407-8992-e1656e4752a5"]),
        ("Encounter?patient.birthdate=1994-02-01", AgustinEncounters),

        // MedicationRequest: code, authoredon, status, chained requester and patient
        ("MedicationRequest?code=http://www.nlm.nih.gov/research/umls/rxnorm|310965", ["b2cd303f-009b-4ab1-bada-d56a18646905", "79466dfc-208a-45b0-9bcf-fff1690ce05c"]),
        // .authoredOn < "2016-06"
        ("MedicationRequest?authoredon=lt2016-06", ["b2cd303f-009b-4ab1-bada-d56a18646905", "1b0c630b-cfc7-42f8-9624-5ce93a3fea94"]),
        ("MedicationRequest?status=stopped", ["b2cd303f-009b-4ab1-bada-d56a18646905", "79466dfc-208a-45b0-9bcf-fff1690ce05c", "1b0c630b-cfc7-42f8-9624-5ce93a3fea94"]),
        ("MedicationRequest?requester:Practitioner.family=corkery", ["1b0c630b-cfc7-42f8-9624-5ce93a3fea94"]),
        ("MedicationRequest?intent=order&patient.birthdate=1994-02-01", ["b2cd303f-009b-4ab1-bada-d56a18646905", "79466dfc-208a-45b0-9bcf-fff1690ce05c"]),

        // Immunization: .vaccineCode.coding[0].code=="140" and .occurrenceDateTime >= "2019"
        ("Immunization?vaccine-code=http://hl7.org/fhir/sid/cvx|140&date=ge2019", ["8a9a1823-60aa-40bd-910c-096aad83efd4", "050581a1-1505-4956-bea7-234909fe4c7f"]),
        // DiagnosticReport whose results include a total cholesterol Observation
        ("DiagnosticReport?result.code=2093-3", ["f5409612-5262-4529-a945-a6ab6dc94210", "01efc605-ff2a-4c0c-88f0-b24373f04f77"]),

        // reverse chains: patients with such an Observation, Condition, MedicationRequest; nested
        ("Patient?_has:Observation:patient:code=2093-3", [Gustavo]),
        ("Patient?_has:Condition:patient:code=44465007", [Agustin]),
        ("Patient?_has:MedicationRequest:subject:code=562251", [Gustavo]),
        ("Patient?_has:Observation:patient:_has:DiagnosticReport:result:code=57698-3", [Gustavo]),
        // the Practitioner of Agustin's bundle (c3c53ad9) is the one his EMER encounters name
        ("Practitioner?_has:Encounter:practitioner:class=EMER", ["c3c53ad9-4c82-406d-9b5b-b4f5e97e9410"]),

        // across types: Condition and MedicationRequest of Agustin
        ("?_type=Condition,MedicationRequest&patient.family=fonseca", ["5ba54dcd-1694-404c-b839-70897f06ad57", "94e76a2c-9c90-4fa8-9729-1f827a83fc52", "b2cd303f-009b-4ab1-bada-d56a18646905", "79466dfc-208a-45b0-9bcf-fff1690ce05c"]),
    ];

    private static readonly (string Query, int Count)[] CountTable =
    [
        // select(.resourceType=="Observation" and (.category[]?.coding[]?.code=="laboratory")) | length
        ("Observation?category=laboratory", 30),
        ("Observation?category=vital-signs", 46),
        // ... vital-signs and (.effectiveDateTime | startswith("2016-12-27"))
        ("Observation?category=vital-signs&date=2016-12-27", 5),
        // ... laboratory and .subject.reference=="urn:uuid:"+Gustavo
        ("Observation?patient.identifier=https://github.com/synthetichealth/synthea|59a8543c-e24f-4a01-b28b-47ccde6bc11d&category=laboratory", 19),
        ("Observation?code=72166-2", 9),
        ("Condition?clinical-status=resolved", 4),
        ("Encounter?practitioner:Practitioner.family=hettinger", 7),
        // Gustavo's encounters name the Boston Shriners' hospital of his bundle
        ("Encounter?service-provider.name=shriners", 6),
        ("Claim?patient.family=fonseca", 9),
        ("ExplanationOfBenefit?patient.family=mejia", 6),
        // select(.resourceType=="Organization" and (.address[]?.city|test("^boston";"i")))
        ("Organization?address-city=boston", 13),
        ("Practitioner?gender=female&address-city=boston", 7),
        ("Practitioner", 104),
        ("Observation", 85),
    ];

    private static readonly (string Query, string[] Matches, string[] Included)[] IncludeTable =
    [
        ("MedicationRequest?code=562251&_include=MedicationRequest:requester", ["1b0c630b-cfc7-42f8-9624-5ce93a3fea94"], ["ec06fc71-7541-44d0-80cf-6b0eec00ab3b"]),
        ("Patient?family=mejia&_revinclude=Condition:subject", [Gustavo], ["07df5143-3de5-435c-adfb-58563eb2a664", "19c5b3c1-dc80-406a-9e07-ae6de25b2896"]),
        ("Encounter?class=EMER&_include=Encounter:service-provider&_include=Encounter:patient", ["657813e0-4f81-4e43-b104-5f00fe26bb8d", "c5ba5267-5fcd-4f89-8d50-6b9914a1d29a"], ["23834663-ed53-3da9-b330-d6e1ecb8428e", Agustin]),
        // .result[] of the 2020 lipid panel
        ("DiagnosticReport?code=57698-3&date=2020-03-26&_include=DiagnosticReport:result", ["01efc605-ff2a-4c0c-88f0-b24373f04f77"], ["510b5770-1cc1-46ea-b3b5-c2b12739a072", "2830fefb-17c4-4a8c-977d-25194a0f796b", "a7750e34-5eb5-4eb1-b84f-8924a806d0f9", "8e4a1bae-f309-4817-bd59-852a317dd5be"]),
        ($"Patient?_id={{id:{Agustin}}}&_revinclude=Encounter:patient&_include:iterate=Encounter:service-provider", [Agustin], [.. AgustinEncounters, "23834663-ed53-3da9-b330-d6e1ecb8428e"]),
    ];

    private static readonly (string Query, string[] Ids)[] SortTable =
    [
        // select(.code.coding[0].code=="29463-7") | sort_by(-.valueQuantity.value)
        ("Observation?code=29463-7&_sort=-value-quantity", ["3f050510-8f2a-49a0-8265-13e8391dbf23", "273fe029-9f04-4de3-b936-1e194b5ebced", "b5b47882-ca3a-46ed-af14-26ba0873e19a", "0ab82159-a1e1-4745-9d6f-e99a1b17947b", "cd7f2c4c-efa9-4621-88a7-c41bf7749700", "05ad1040-35c2-4c32-8990-de9229d8f0ad", "aa3dec5c-0c96-428c-870c-2cd32a4bd232", "5421fc74-1ea4-441c-960b-30458c66dc6d", "739e5cc4-8d10-44fb-8633-429fcbe94bf7"]),
        // select(.code.coding[0].code=="39156-5") | sort_by(.effectiveDateTime)
        ("Observation?code=39156-5&_sort=date", ["3e2a5c1a-8169-4a8f-bfb9-056d88b5ad66", "2d3e32f3-0f1f-4235-b3cb-53f98740021e", "d69761bf-3769-4791-b200-11633029c37b", "90c3dec5-d277-4407-b4c6-90e5e423a61a", "309bff42-3760-4ebe-bb28-f8293928347a", "ea2531c4-1a8d-40fa-88ea-52c3433ba911", "7986288d-5ce5-4b53-bcd3-8112094e76e7", "2ccc6bda-67a3-4ac6-9b0f-2ec7998d9d80", "1233a502-c1b3-4568-9f9a-8719df07b94a"]),
        // Gustavo's encounters | sort_by(.period.start) | reverse
        ("Encounter?patient.family=mejia&_sort=-date", ["ec7efc22-6186-4407-8992-e1656e4752a5", "02d6ad44-39bd-40f2-b25b-fabef0493e18", "9670e167-44f7-4ff4-b977-1279a0d2843f", "be653187-42d5-4b19-82e2-c6956dfd7984", "6380c241-531e-4f89-a11b-8d354baf9102", "fa48e869-a2af-4552-9309-4c964a764668"]),
        ("Condition?_sort=onset-date", ["07df5143-3de5-435c-adfb-58563eb2a664", "5ba54dcd-1694-404c-b839-70897f06ad57", "19c5b3c1-dc80-406a-9e07-ae6de25b2896", "94e76a2c-9c90-4fa8-9729-1f827a83fc52"]),
        // sort_by(.vaccineCode.coding[0].code) then .occurrenceDateTime descending (codes compare as text: 113 < 114 < 140 < 43)
        ("Immunization?_sort=vaccine-code,-date", ["f87e583f-698f-48c8-b281-dd9ba623fd14", "94432099-2e45-4b6c-8c17-9bf5837e7a80", "51f74e7c-5dd2-48a6-8c04-fdd998db72a2", "050581a1-1505-4956-bea7-234909fe4c7f", "8a9a1823-60aa-40bd-910c-096aad83efd4", "4490eb8f-0fd4-4b46-a67a-4865c81fb4f6", "cf9c9910-3b2e-4d17-89e7-036bb40bd4e9", "1af31edd-80d2-4c40-b6b9-e9992430132d", "2861ca53-011a-4e93-a5f8-1c086e24be3e", "0ec21636-4cc2-43c9-9223-00fc35e6afa3", "7540a9a7-250b-46e6-b0ae-71f824ddc091", "cd833bc2-fc9b-4454-98a1-165baa53c15e", "ab6e48b8-26c8-46b8-9daa-a487414a5630"]),
    ];

    [Theory]
    [MemberData(nameof(Matches))]
    public async System.Threading.Tasks.Task Synthea_search_matches_the_resources_worked_out_from_the_files(DatabaseKind kind, string query, string[] expected)
    {
        var (server, bundle) = await SearchAsync(kind, query + "&_count=200");

        SampleIds(server, bundle, Bundle.SearchEntryMode.Match).ShouldBe(expected.Order(StringComparer.Ordinal).ToArray(), query);
        bundle.Total.ShouldBe(expected.Length, query);
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public async System.Threading.Tasks.Task Synthea_search_counts_the_resources_worked_out_from_the_files(DatabaseKind kind, string query, int expected)
    {
        var (_, bundle) = await SearchAsync(kind, query + (query.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "_summary=count");
        bundle.Total.ShouldBe(expected, query);
    }

    [Theory]
    [MemberData(nameof(Includes))]
    public async System.Threading.Tasks.Task Synthea_includes_add_the_referenced_resources(DatabaseKind kind, string query, string[] matches, string[] included)
    {
        var (server, bundle) = await SearchAsync(kind, query);

        SampleIds(server, bundle, Bundle.SearchEntryMode.Match).ShouldBe(matches.Order(StringComparer.Ordinal).ToArray(), query);
        SampleIds(server, bundle, Bundle.SearchEntryMode.Include).ShouldBe(included.Order(StringComparer.Ordinal).ToArray(), query);
    }

    [Theory]
    [MemberData(nameof(Sorted))]
    public async System.Threading.Tasks.Task Synthea_sorted_pages_come_in_the_order_worked_out_from_the_files(DatabaseKind kind, string query, string[] expected)
    {
        var synthea = await fixture.GetAsync(kind);
        using var client = synthea.Server.CreateClient();
        var seen = new List<string>();
        var url = $"/fhir/{query}&_count=4";
        while (url is not null)
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var page = await response.ReadAsync<Bundle>();
            seen.AddRange(page.Entry.Select(e => synthea.SampleIds[$"{e.Resource!.TypeName}/{e.Resource.Id}"]));
            url = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
        }

        seen.ToArray().ShouldBe(expected, query);
    }

    private async Task<(SyntheaServer Server, Bundle Bundle)> SearchAsync(DatabaseKind kind, string query)
    {
        var synthea = await fixture.GetAsync(kind);
        using var client = synthea.Server.CreateClient();
        var url = "/fhir" + (query.StartsWith('?') ? string.Empty : "/") + synthea.Resolve(query);
        using var response = await client.SendFhirAsync(HttpMethod.Get, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        var bundle = await response.ReadAsync<Bundle>();
        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).ShouldBeEmpty($"{query} ignored a parameter");
        return (synthea, bundle);
    }

    private static string[] SampleIds(SyntheaServer server, Bundle bundle, Bundle.SearchEntryMode mode) =>
        bundle.Entry.Where(e => e.Search?.Mode == mode).Select(e => server.SampleIds[$"{e.Resource!.TypeName}/{e.Resource.Id}"]).Order(StringComparer.Ordinal).ToArray();

    private static TheoryData<DatabaseKind, string, T> ForEachDatabase<T>((string Query, T Expected)[] table)
    {
        var data = new TheoryData<DatabaseKind, string, T>();
        foreach (var kind in Databases.Kinds)
        {
            foreach (var (query, expected) in table)
            {
                data.Add(kind, query, expected);
            }
        }

        return data;
    }
}
