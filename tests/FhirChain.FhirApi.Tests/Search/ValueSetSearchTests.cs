using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// <c>:in</c>/<c>:not-in</c> against ValueSets that cannot be listed without a terminology server
/// (whole code system, filter, partial expansion, importing such a set), and unknown ValueSets.
/// The matches themselves are in <see cref="SearchMatchTests"/>.
/// </summary>
[Collection(SearchFixtureCollection.Name)]
public sealed class ValueSetSearchTests(SearchFixture fixture)
{
    public static TheoryData<DatabaseKind, string, string> Unexpandable
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string, string>();
            foreach (var kind in Databases.Kinds)
            {
                data.Add(kind, "ValueSet/vs-all-loinc", "every code of http://loinc.org");
                data.Add(kind, "http://acme.org/fhir/ValueSet/filtered", "filter");
                data.Add(kind, "ValueSet/vs-partial", "partial expansion (1 of 5000 codes)");
                data.Add(kind, "ValueSet/vs-imports-all", "imports ValueSet 'http://acme.org/fhir/ValueSet/all-loinc'");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Unexpandable))]
    public async System.Threading.Tasks.Task A_ValueSet_that_needs_a_terminology_server_is_refused_when_strict_and_ignored_with_the_reason_when_lenient(DatabaseKind kind, string valueSet, string reason)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        using var strict = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation?code:in={valueSet}&status=preliminary", configure: r => r.Headers.Add("Prefer", "handling=strict"));
        strict.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refusal = (await strict.ReadAsync<OperationOutcome>()).Issue.ShouldHaveSingleItem();
        refusal.Expression.ShouldBe(["code:in"]);
        refusal.Diagnostics!.ShouldContain(reason);

        using var lenient = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation?code:in={valueSet}&status=preliminary");
        lenient.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bundle = await lenient.ReadAsync<Bundle>();
        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id).ShouldBe(["obs-3"]);
        var warning = bundle.Entry.Single(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).Resource.ShouldBeOfType<OperationOutcome>().Issue.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(OperationOutcome.IssueSeverity.Warning);
        warning.Expression.ShouldBe(["code:in"]);
        warning.Diagnostics!.ShouldContain(reason);
        bundle.Link.Single(l => l.Relation == "self").Url!.ShouldNotContain("code");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task An_unknown_ValueSet_is_a_400_naming_it_even_when_lenient(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        foreach (var reference in new[] { "http://acme.org/fhir/ValueSet/nope", "ValueSet/nope", "http://acme.org/fhir/ValueSet/bp|9" })
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation?code:not-in={Uri.EscapeDataString(reference)}");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, reference);
            var issue = (await response.ReadAsync<OperationOutcome>()).Issue.ShouldHaveSingleItem();
            issue.Expression.ShouldBe(["code:not-in"]);
            issue.Diagnostics!.ShouldContain($"'{reference}'");
        }
    }
}
