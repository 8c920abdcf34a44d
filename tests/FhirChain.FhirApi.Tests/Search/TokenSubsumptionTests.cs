using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Token <c>:below</c>/<c>:above</c> against a CodeSystem stored on the server (Data/code-hierarchy.json):
/// <code>
/// disorder
///   respiratory            (child property: cough)
///     asthma
///       childhood-asthma
///     copd
///   cardiac
///     hypertension
/// infection
///   pneumonia              (parent property: respiratory)
/// cough
/// </code>
/// and the refusals: code systems not stored or not usable, values without a system or code.
/// </summary>
public sealed class TokenSubsumptionTests(CodeHierarchyFixture fixture) : IClassFixture<CodeHierarchyFixture>
{
    private const string Conditions = "http://acme.org/fhir/CodeSystem/conditions";

    private static readonly (string Type, string Query, string[] Ids)[] Table =
    [
        // :below: the code and its descendants, from nesting and from parent/child properties
        ("Condition", $"code:below={Conditions}|asthma", ["cond-asthma", "cond-childhood-asthma"]),
        ("Condition", $"code:below={Conditions}|childhood-asthma", ["cond-childhood-asthma"]),
        ("Condition", $"code:below={Conditions}|respiratory", ["cond-asthma", "cond-childhood-asthma", "cond-copd", "cond-cough", "cond-pneumonia"]),
        ("Condition", $"code:below={Conditions}|infection", ["cond-pneumonia"]),
        ("Condition", $"code:below={Conditions}|disorder", ["cond-asthma", "cond-childhood-asthma", "cond-copd", "cond-cough", "cond-disorder", "cond-hypertension", "cond-pneumonia"]),
        ("Condition", $"code:below={Conditions}|cardiac,{Conditions}|infection", ["cond-hypertension", "cond-pneumonia"]),
        ("Condition", $"code:below={Conditions}|disorder&code:below={Conditions}|cardiac", ["cond-hypertension"]),

        // :above: the code and its ancestors
        ("Condition", $"code:above={Conditions}|childhood-asthma", ["cond-asthma", "cond-childhood-asthma", "cond-disorder"]),
        ("Condition", $"code:above={Conditions}|pneumonia", ["cond-disorder", "cond-pneumonia"]),
        ("Condition", $"code:above={Conditions}|cough", ["cond-cough", "cond-disorder"]),
        ("Condition", $"code:above={Conditions}|disorder", ["cond-disorder"]),

        // in a reverse chain and a chain
        ("Patient", $"_has:Condition:subject:code:below={Conditions}|respiratory", ["pat-a", "pat-b", "pat-c"]),
        ("Patient", $"_has:Condition:subject:code:below={Conditions}|cardiac", ["pat-b"]),
        ("Condition", $"subject:Patient.name=pat-a&code:above={Conditions}|copd", ["cond-copd"]),
    ];

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

    public static TheoryData<DatabaseKind, string, string> Unusable
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string, string>();
            foreach (var kind in Databases.Kinds)
            {
                data.Add(kind, "code:below=http://snomed.info/sct|195967001", "'http://snomed.info/sct' is not stored on this server");
                data.Add(kind, "code:above=http://snomed.info/sct|195967001", "'http://snomed.info/sct' is not stored on this server");
                data.Add(kind, "code:below=http://acme.org/fhir/CodeSystem/anatomy|thorax", "hierarchyMeaning 'part-of'");
                data.Add(kind, "code:above=http://acme.org/fhir/CodeSystem/fragment|b", "content 'fragment'");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async System.Threading.Tasks.Task Search_matches_exactly(DatabaseKind kind, string type, string query, string[] expected)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/{type}?{query}&_count=100", configure: r => r.Headers.Add("Prefer", "handling=strict"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
        var bundle = await response.ReadAsync<Bundle>();
        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).ShouldBeEmpty($"{type}?{query} ignored a parameter");
        var ids = bundle.Entry.Select(e => e.Resource!.Id).Order(StringComparer.Ordinal).ToArray();
        ids.ShouldBe(expected.Order(StringComparer.Ordinal).ToArray(), $"{type}?{query}");
    }

    [Theory]
    [MemberData(nameof(Unusable))]
    public async System.Threading.Tasks.Task A_code_system_this_server_cannot_test_subsumption_in_is_refused_when_strict_and_ignored_with_a_warning_when_lenient(DatabaseKind kind, string query, string reason)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        var parameter = query[..query.IndexOf('=', StringComparison.Ordinal)];

        using var strict = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Condition?{query}&_id=cond-snomed", configure: r => r.Headers.Add("Prefer", "handling=strict"));
        strict.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refusal = (await strict.ReadAsync<OperationOutcome>()).Issue.ShouldHaveSingleItem();
        refusal.Expression.ShouldBe([parameter]);
        refusal.Diagnostics!.ShouldContain(reason);
        refusal.Diagnostics!.ShouldContain(parameter);

        using var lenient = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Condition?{query}&_id=cond-snomed");
        lenient.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bundle = await lenient.ReadAsync<Bundle>();
        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id).ShouldBe(["cond-snomed"]);
        var warning = bundle.Entry.Single(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).Resource.ShouldBeOfType<OperationOutcome>().Issue.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(OperationOutcome.IssueSeverity.Warning);
        warning.Expression.ShouldBe([parameter]);
        warning.Diagnostics!.ShouldContain(reason);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_code_that_subsumes_thousands_of_codes_is_searched_in_one_statement(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        const string system = "http://acme.org/fhir/CodeSystem/large";
        var root = new CodeSystem.ConceptDefinitionComponent { Code = "root" };
        root.Concept.AddRange(Enumerable.Range(0, 40_000).Select(i => new CodeSystem.ConceptDefinitionComponent { Code = $"c{i}" }));
        var codeSystem = new CodeSystem { Id = "cs-large", Url = system, Status = PublicationStatus.Active, Content = CodeSystemContentMode.Complete, Concept = [root] };
        using (var stored = await client.SendFhirAsync(HttpMethod.Put, "/fhir/CodeSystem/cs-large", codeSystem))
        {
            stored.IsSuccessStatusCode.ShouldBeTrue();
        }

        var condition = new Condition { Id = "cond-large", Subject = new ResourceReference("Patient/pat-c"), Code = new CodeableConcept(system, "c39999") };
        using (var stored = await client.SendFhirAsync(HttpMethod.Put, "/fhir/Condition/cond-large", condition))
        {
            stored.IsSuccessStatusCode.ShouldBeTrue();
        }

        // 40,001 codes: more parameters than SQLite (32,766) allows in one statement, were each code its own.
        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Condition?code:below={system}|root", configure: r => r.Headers.Add("Prefer", "handling=strict"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Resource!.Id).ShouldBe(["cond-large"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_value_without_system_and_code_or_with_a_code_the_system_lacks_is_a_400_even_when_lenient(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        foreach (var (query, says) in new[]
        {
            ("code:below=asthma", "system|code"),
            ("code:above=|asthma", "system|code"),
            ($"code:below={Conditions}|", "system|code"),
            ($"code:below={Conditions}|asthma,copd", "system|code"),
            ($"code:above={Conditions}|fever", "'fever' is not defined"),
        })
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Condition?{query}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            var issue = (await response.ReadAsync<OperationOutcome>()).Issue.ShouldHaveSingleItem();
            issue.Expression.ShouldBe([query[..query.IndexOf('=', StringComparison.Ordinal)]], query);
            issue.Diagnostics!.ShouldContain(says, customMessage: query);
        }
    }
}
