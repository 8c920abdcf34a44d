using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// <c>previous</c> and <c>last</c> links: backward keyset cursors. Walking back must show the rows
/// before each page in the requested order, take in rows added before the position and leave out
/// rows deleted meanwhile, and end at a page without <c>previous</c>; the last page holds the last
/// rows of the order.
/// </summary>
public sealed partial class CursorPagingTests
{
    public static TheoryData<DatabaseKind, string> BackwardOrders
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string>();
            foreach (var kind in Databases.Kinds)
            {
                foreach (var sort in new[] { "_id", "value-quantity", "-date", "-value-string", "code,-date" })
                {
                    data.Add(kind, sort);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(BackwardOrders))]
    public async System.Threading.Tasks.Task Pages_walked_forward_then_back_show_every_current_row_once_in_order(DatabaseKind kind, string sort)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var written = new Dictionary<string, Item>(StringComparer.Ordinal);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Initial(tag))
        {
            await PutAsync(client, item, tag, written, live);
        }

        var order = new ItemOrder(sort);
        var url = $"/fhir/Observation?_tag={TagSystem}|{tag}&_sort={sort}&_count=2";
        Bundle page;
        var forward = new List<string>();
        for (var round = 0; ; round++)
        {
            page = await GetAsync(client, url);
            var ids = Matches(page);
            forward.AddRange(ids);
            if (round == 0)
            {
                Link(page, "previous").ShouldBeNull("the first page has a previous link");
            }
            else
            {
                Link(page, "previous").ShouldNotBeNull($"page {round} has no previous link ({sort})");
            }

            if (Link(page, "next") is not { } next)
            {
                break;
            }

            url = next;
        }

        forward.ShouldBe(live.Select(id => written[id]).Order(order).Select(i => i.Id).ToList(), $"forward pages ({sort})");
        var lastPage = Matches(page);

        // Walking back: each step adds a row just before the page shown (it must come next) and deletes one not yet shown.
        var backward = new List<string>(lastPage);
        var addedBefore = new List<string>();
        for (var round = 0; Link(page, "previous") is { } previous; round++)
        {
            round.ShouldBeLessThan(10, "a previous link that never ends");
            if (round < 2)
            {
                var first = written[Matches(page)[0]];
                var before = Beside(first, tag, round, order, sortsBefore: true);
                await PutAsync(client, before, tag, written, live);
                addedBefore.Add(before.Id);
                var unseen = live.Select(id => written[id]).Where(i => !backward.Contains(i.Id) && order.Compare(i, before) < 0).Order(order).FirstOrDefault();
                if (unseen is not null)
                {
                    await DeleteAsync(client, unseen.Id, live);
                }
            }

            page = await GetAsync(client, previous);
            var ids = Matches(page);
            ids.Count.ShouldBeInRange(1, 2);
            Link(page, "next").ShouldNotBeNull("a page reached backwards has a next link");
            backward.InsertRange(0, ids);
        }

        backward.ShouldBe(live.Select(id => written[id]).Order(order).Select(i => i.Id).ToList(), $"pages walked back are not the current rows in order ({sort})");
        backward.ShouldContain(id => addedBefore.Contains(id));
    }

    [Theory]
    [MemberData(nameof(BackwardOrders))]
    public async System.Threading.Tasks.Task The_last_link_shows_the_last_rows_and_every_page_links_to_both_ends(DatabaseKind kind, string sort)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var written = new Dictionary<string, Item>(StringComparer.Ordinal);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Initial(tag))
        {
            await PutAsync(client, item, tag, written, live);
        }

        var ordered = live.Select(id => written[id]).Order(new ItemOrder(sort)).Select(i => i.Id).ToList();
        var first = await GetAsync(client, $"/fhir/Observation?_tag={TagSystem}|{tag}&_sort={sort}&_count=4");
        first.Link.Select(l => l.Relation).ShouldBe(["self", "first", "next", "last"], ignoreOrder: true);
        first.Total.ShouldBe(ordered.Count);

        var last = await GetAsync(client, Link(first, "last")!);
        Matches(last).ShouldBe(ordered[^4..], $"last page ({sort})");
        last.Total.ShouldBe(ordered.Count);
        last.Link.Select(l => l.Relation).ShouldBe(["self", "first", "previous", "last"], ignoreOrder: true);

        var middle = await GetAsync(client, Link(last, "previous")!);
        Matches(middle).ShouldBe(ordered[1..5], $"page before the last ({sort})");
        Link(middle, "next").ShouldNotBeNull();
        var start = await GetAsync(client, Link(middle, "previous")!);
        Matches(start).ShouldBe(ordered[..1], $"first row, reached backwards ({sort})");
        Link(start, "previous").ShouldBeNull();
        Matches(await GetAsync(client, Link(start, "next")!)).ShouldBe(ordered[1..5], $"next from a page reached backwards ({sort})");

        // Everything on one page: last is that page.
        var all = await GetAsync(client, $"/fhir/Observation?_tag={TagSystem}|{tag}&_sort={sort}&_count=20");
        Matches(await GetAsync(client, Link(all, "last")!)).ShouldBe(ordered);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task An_empty_page_links_back_to_the_rows_on_either_side_of_it(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var tag = Guid.NewGuid().ToString("N")[..12];
        var written = new Dictionary<string, Item>(StringComparer.Ordinal);
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Initial(tag)[..6])
        {
            await PutAsync(client, item, tag, written, live);
        }

        // Forwards: the rows after page 1 are all deleted, so page 2 is empty; its previous link still shows page 1's rows.
        var first = await GetAsync(client, $"/fhir/Observation?_tag={TagSystem}|{tag}&_sort=_id&_count=2");
        Matches(first).ShouldBe([$"{tag}-01", $"{tag}-02"]);
        foreach (var id in new[] { "03", "04", "05", "06" })
        {
            await DeleteAsync(client, $"{tag}-{id}", live);
        }

        var empty = await GetAsync(client, Link(first, "next")!);
        Matches(empty).ShouldBeEmpty();
        Link(empty, "next").ShouldBeNull();
        Matches(await GetAsync(client, Link(empty, "previous")!)).ShouldBe([$"{tag}-01", $"{tag}-02"]);

        // Backwards: the rows before the last page are all deleted, so the page before it is empty; its next link shows the last page's rows.
        foreach (var item in Initial(tag)[2..6])
        {
            await PutAsync(client, item, tag, written, live);
        }

        var last = await GetAsync(client, Link(first, "last")!);
        Matches(last).ShouldBe([$"{tag}-05", $"{tag}-06"]);
        foreach (var id in new[] { "01", "02", "03", "04" })
        {
            await DeleteAsync(client, $"{tag}-{id}", live);
        }

        var before = await GetAsync(client, Link(last, "previous")!);
        Matches(before).ShouldBeEmpty();
        Link(before, "previous").ShouldBeNull();
        Matches(await GetAsync(client, Link(before, "next")!)).ShouldBe([$"{tag}-05", $"{tag}-06"]);
    }

    private static Item[] Initial(string tag) =>
    [
        new($"{tag}-01", "b", 5, null, "pear"),
        new($"{tag}-02", "a", 3, null, "kiwi"),
        new($"{tag}-03", "c", null, 7m, null),
        new($"{tag}-04", "b", 9, 1m, null),
        new($"{tag}-05", "a", 1, null, "apple"),
        new($"{tag}-06", "c", 7, null, null),
        new($"{tag}-07", "b", null, 3m, null),
        new($"{tag}-08", "a", 4, 9m, null),
        new($"{tag}-09", "c", 2, null, "mango"),
    ];

    private static async Task<Bundle> GetAsync(HttpClient client, string url)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadAsync<Bundle>();
    }

    private static List<string> Matches(Bundle page) =>
        page.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id!).ToList();

    private static string? Link(Bundle page, string relation) =>
        page.Link.SingleOrDefault(l => l.Relation == relation)?.Url is { } url ? new Uri(url).PathAndQuery : null;
}
