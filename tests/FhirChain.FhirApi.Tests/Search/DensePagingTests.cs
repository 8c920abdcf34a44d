using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Paging through more matches than the server looks for among the newest resources (2,000): the
/// pages must hold every match exactly once, newest first, whether the matches are dense among
/// the newest resources (code dense-new, written last) or not (code dense-old, written first and
/// buried under the newer ones), and the total must be exact on every page.
/// </summary>
public sealed class DensePagingTests(DensePagingFixture fixture) : IClassFixture<DensePagingFixture>
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Dense_matches_page_newest_first_without_gaps_or_repeats(DatabaseKind kind) =>
        await PageThroughAsync(kind, "dense-new", DensePagingFixture.NewCount, "new-");

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Many_matches_behind_newer_resources_page_without_gaps_or_repeats(DatabaseKind kind) =>
        await PageThroughAsync(kind, "dense-old", DensePagingFixture.OldCount, "old-");

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Last_then_previous_links_show_the_default_order_backwards(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        var forward = await FollowAsync(client, $"/fhir/Observation?code=http://example.org/codes|dense-old&_count=700", "next");
        forward.Count.ShouldBe(DensePagingFixture.OldCount);
        var first = await GetAsync(client, $"/fhir/Observation?code=http://example.org/codes|dense-old&_count=700");
        var backward = await FollowAsync(client, Link(first, "last")!, "previous");
        backward.ShouldBe(forward);
    }

    /// <summary>The match ids of the pages reached from <paramref name="url"/> through <paramref name="relation"/> links, in the order they are shown.</summary>
    private static async Task<List<string>> FollowAsync(HttpClient client, string url, string relation)
    {
        var ids = new List<string>();
        for (string? next = url; next is not null;)
        {
            var page = await GetAsync(client, next);
            var shown = page.Entry.Select(e => e.Resource!.Id!).ToList();
            ids.InsertRange(relation == "previous" ? 0 : ids.Count, shown);
            next = Link(page, relation);
        }

        return ids;
    }

    private static async Task<Bundle> GetAsync(HttpClient client, string url)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadAsync<Bundle>();
    }

    private static string? Link(Bundle page, string relation) =>
        page.Link.SingleOrDefault(l => l.Relation == relation)?.Url is { } url ? new Uri(url).PathAndQuery : null;

    private async System.Threading.Tasks.Task PageThroughAsync(DatabaseKind kind, string code, int expected, string idPrefix)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        var seen = new List<Observation>();
        var url = $"/fhir/Observation?code=http://example.org/codes|{code}&_count=700";
        for (var pages = 0; url is not null; pages++)
        {
            pages.ShouldBeLessThan((expected / 700) + 2, "a next link that never ends");
            using var response = await client.SendFhirAsync(HttpMethod.Get, url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var page = await response.ReadAsync<Bundle>();
            page.Total.ShouldBe(expected);
            seen.AddRange(page.Entry.Select(e => e.Resource).OfType<Observation>());
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
        }

        seen.Count.ShouldBe(expected);
        seen.Select(o => o.Id).Distinct().Count().ShouldBe(expected);
        seen.ShouldAllBe(o => o.Id!.StartsWith(idPrefix, StringComparison.Ordinal));
        var order = seen.Select(o => (o.Meta!.LastUpdated!.Value, o.Id)).ToList();
        order.ShouldBe(order.OrderByDescending(o => o.Value).ThenBy(o => o.Id, StringComparer.Ordinal).ToList());
    }
}
