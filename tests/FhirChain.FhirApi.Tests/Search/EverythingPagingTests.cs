using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using FhirChain.FhirApi.Tests.Rest;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// <c>Patient/{id}/$everything</c> pages by a keyset cursor on its order (type, then id) while the
/// compartment changes between page fetches: a resource added just before the position (offset paging
/// would repeat a row), one added after it, a seen and an unseen one deleted (offset paging would skip
/// a row). Walking next and then previous, no resource is shown twice or skipped, and the order holds.
/// <c>_type</c> keeps AuditEvents (written in the background) out of the compartment listed.
/// </summary>
public sealed class EverythingPagingTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Everything_pages_neither_repeat_nor_skip_while_the_compartment_changes(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var tag = Resources.UniqueValue()[..12];
        var initial = Enumerable.Range(1, 9).Select(i => $"{tag}-{i * 10}").ToList();
        foreach (var id in initial)
        {
            await PutObservationAsync(client, id, patient.Id!);
        }

        var everything = $"/fhir/Patient/{patient.Id}/$everything";
        var query = "?_type=Observation,Patient&_count=2";
        var first = await GetAsync(client, everything + query);
        first.Total.ShouldBe(10);
        Link(first, "previous").ShouldBeNull();
        Link(first, "next")!.ShouldContain("_type=Observation%2CPatient");

        // Forward: after the first three pages, one observation just before the position, one at the end,
        // and (once) a seen one and an unseen one deleted.
        var seen = Matches(first);
        var added = new List<string>();
        var deletedUnseen = $"Observation/{tag}-80";
        var url = Link(first, "next");
        for (var round = 0; url is not null; round++)
        {
            if (round < 3)
            {
                var position = int.Parse(seen[^1].Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
                foreach (var id in new[] { $"{tag}-{position - 5}", $"{tag}-99{round}" })
                {
                    await PutObservationAsync(client, id, patient.Id!);
                    added.Add($"Observation/{id}");
                }

                if (round == 0)
                {
                    await DeleteAsync(client, seen[0]);
                    await DeleteAsync(client, deletedUnseen);
                }
            }

            var page = await GetAsync(client, url);
            Link(page, "previous").ShouldNotBeNull();
            seen.AddRange(Matches(page));
            url = Link(page, "next");
        }

        seen.ShouldBeUnique();
        seen.ShouldBe(seen.OrderBy(r => r.Split('/')[0], StringComparer.Ordinal).ThenBy(r => r.Split('/')[1], StringComparer.Ordinal));
        var throughout = initial.Select(i => $"Observation/{i}").Append($"Patient/{patient.Id}").Where(r => r != deletedUnseen).ToList();
        seen.ShouldBeSubsetOf(throughout.Concat(added));
        throughout.ShouldBeSubsetOf(seen);
        seen.ShouldNotContain(deletedUnseen);
        seen[^1].ShouldBe($"Patient/{patient.Id}");

        // The last page holds the end of the order. Walking back from it, before each fetch one observation
        // is added ahead (sorting before everything) and one just behind the position (after the first row
        // shown): every resource ahead is shown once, none behind.
        var last = await GetAsync(client, Link(first, "last")!);
        Matches(last).ShouldBe([$"Observation/{tag}-992", $"Patient/{patient.Id}"]);
        Link(last, "next").ShouldBeNull();
        var backward = Matches(last);
        var behind = new List<string>();
        url = Link(last, "previous");
        for (var round = 0; url is not null; round++)
        {
            var justBehind = backward[0].Split('/')[1] + "1";
            await PutObservationAsync(client, justBehind, patient.Id!);
            behind.Add($"Observation/{justBehind}");
            await PutObservationAsync(client, $"{tag}-0{99 - round}", patient.Id!);
            var page = await GetAsync(client, url);
            Link(page, "next").ShouldNotBeNull();
            backward.InsertRange(0, Matches(page));
            url = Link(page, "previous");
        }

        var end = Matches(await GetAsync(client, everything + "?_type=Observation,Patient&_count=100"));
        backward.ShouldBe(end.Except(behind));
        end.ShouldContain($"Observation/{tag}-099");
        end.ShouldContain(behind[^1]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Everything_accepts_old_offset_links_and_refuses_a_foreign_cursor(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var tag = Resources.UniqueValue()[..12];
        foreach (var i in new[] { 1, 2, 3 })
        {
            await PutObservationAsync(client, $"{tag}-{i}", patient.Id!);
        }

        var everything = $"/fhir/Patient/{patient.Id}/$everything";
        var page = await GetAsync(client, everything + "?_type=Observation&_since=2000-01-01&_count=1&_offset=1");
        Matches(page).ShouldBe([$"Observation/{tag}-2"]);
        Matches(await GetAsync(client, Link(page, "next")!)).ShouldBe([$"Observation/{tag}-3"]);
        Matches(await GetAsync(client, Link(page, "previous")!)).ShouldBe([$"Observation/{tag}-1"]);
        Link(page, "next")!.ShouldContain("_since=2000-01-01");

        var search = await GetAsync(client, $"/fhir/Observation?subject=Patient/{patient.Id}&_count=1");
        var searchCursor = Link(search, "next")!;
        var cursor = searchCursor[(searchCursor.IndexOf("_cursor=", StringComparison.Ordinal) + 8)..].Split('&')[0];
        (await client.GetAsync(everything + "?_cursor=" + cursor)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync(everything + "?_cursor=%%")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async System.Threading.Tasks.Task PutObservationAsync(HttpClient client, string id, string patientId)
    {
        var observation = Resources.Observation($"Patient/{patientId}");
        observation.Id = id;
        using var response = await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Observation/{id}", observation);
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
    }

    private static async System.Threading.Tasks.Task DeleteAsync(HttpClient client, string typeAndId) =>
        (await client.SendFhirAsync(HttpMethod.Delete, $"/fhir/{typeAndId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

    private static async Task<Bundle> GetAsync(HttpClient client, string url)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url.StartsWith("http", StringComparison.Ordinal) ? new Uri(url).PathAndQuery : url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bundle = await response.ReadAsync<Bundle>();
        Link(bundle, "self").ShouldNotBeNull();
        Link(bundle, "first").ShouldNotBeNull();
        Link(bundle, "last").ShouldNotBeNull();
        return bundle;
    }

    private static List<string> Matches(Bundle page) =>
        page.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").ToList();

    private static string? Link(Bundle page, string relation) => page.Link.SingleOrDefault(l => l.Relation == relation)?.Url;
}
