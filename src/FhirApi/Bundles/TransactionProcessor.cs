using FhirChain.FhirApi.Consents;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Bundles;

/// <summary>
/// Processes a transaction Bundle atomically (http://hl7.org/fhir/R4/http.html#trules): ids are
/// assigned first, every reference to another entry's fullUrl and every conditional reference is
/// rewritten, writes run in the spec's order (DELETE, POST, PUT/PATCH) in one write session, and
/// GETs run after the commit. Any failing entry rolls the whole transaction back.
/// </summary>
internal sealed class TransactionProcessor(
    ResourceStore store,
    SearchService search,
    ReferenceResolver references,
    EntryExecutor executor,
    EntryResponses responses)
{
    public Task<FhirResponse> ProcessAsync(BundleRequest request, CancellationToken cancellationToken) =>
        ProcessAsync(request, beforeCommit: null, cancellationToken);

    /// <summary>
    /// Processes the transaction; <paramref name="beforeCommit"/> runs in its write session after every
    /// entry is staged, just before the commit, so its own writes commit or roll back with the bundle.
    /// A non-null answer from it abandons the transaction (nothing is stored) and is returned as is.
    /// </summary>
    public async Task<FhirResponse> ProcessAsync(BundleRequest request, Func<WriteSession, CancellationToken, Task<FhirResponse?>>? beforeCommit, CancellationToken cancellationToken)
    {
        var entries = request.Bundle.Entry;
        var urls = entries.Select(e => BundleEntryUrl.Parse(e.Request!.Url!, request.BaseUrl)).ToArray();
        var assigned = new string?[entries.Count];
        var fullUrls = new Dictionary<string, string>(StringComparer.Ordinal);
        var results = new FhirResponse?[entries.Count];

        await using (var session = await store.BeginWriteAsync(cancellationToken))
        {
            if (await AssignIdsAsync(entries, urls, assigned, fullUrls, cancellationToken) is { } assignError)
            {
                return assignError;
            }

            if (FindDuplicateTarget(entries, urls, assigned) is { } duplicate)
            {
                return duplicate;
            }

            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Resource is { } resource && await references.RewriteAsync(resource, fullUrls, cancellationToken) is { } referenceError)
                {
                    return Fail(i, referenceError);
                }
            }

            foreach (var i in Enumerable.Range(0, entries.Count).OrderBy(i => Order(entries[i].Request!.Method)).ThenBy(i => i))
            {
                if (entries[i].Request!.Method is Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD)
                {
                    continue;
                }

                var result = await executor.WriteAsync(session, entries[i], urls[i], assigned[i], cancellationToken);
                if (!result.IsSuccess)
                {
                    return Fail(i, result);
                }

                results[i] = result;
            }

            if (beforeCommit is not null && await beforeCommit(session, cancellationToken) is { } abandoned)
            {
                return abandoned;
            }

            await session.CommitAsync(cancellationToken);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Request!.Method is Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD)
            {
                results[i] = await executor.ReadAsync(entries[i], urls[i], request.BaseUrl, cancellationToken);
            }
        }

        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse, Id = IdRules.NewId() };
        foreach (var result in results)
        {
            response.Entry.Add(responses.ToEntry(result!, request.BaseUrl, request.ReturnMinimal));
        }

        return FhirResponse.Of(StatusCodes.Status200OK, response);
    }

    /// <summary>Gives POSTs and conditional PUTs their ids up front, so references to them can be rewritten.</summary>
    private async Task<FhirResponse?> AssignIdsAsync(List<Bundle.EntryComponent> entries, BundleEntryUrl[] urls, string?[] assigned, Dictionary<string, string> fullUrls, CancellationToken cancellationToken)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var url = urls[i];
            if (url.Type is null)
            {
                continue;
            }

            string? id = null;
            switch (entry.Request!.Method)
            {
                case Bundle.HTTPVerb.POST when url.Id is null:
                    if (!string.IsNullOrWhiteSpace(entry.Request!.IfNoneExist))
                    {
                        var found = await search.FindIdsAsync(url.Type, entry.Request!.IfNoneExist, 2, cancellationToken);
                        if (found.Error is not null)
                        {
                            return Fail(i, found.Error);
                        }

                        if (found.Ids.Count > 1)
                        {
                            return Fail(i, Outcomes.PreconditionFailed($"If-None-Exist '{entry.Request!.IfNoneExist}' matches more than one {url.Type}."));
                        }

                        if (found.Ids.Count == 1)
                        {
                            // Conditional create of an existing resource: the entry resolves to it and writes nothing.
                            MapFullUrl(entry, url.Type, found.Ids[0], fullUrls);
                            continue;
                        }

                        if (await search.MatchesHiddenAsync(url.Type, entry.Request!.IfNoneExist, cancellationToken))
                        {
                            return Fail(i, ConsentOutcomes.HiddenMatch(url.Type, entry.Request!.IfNoneExist));
                        }
                    }

                    id = IdRules.NewId();
                    assigned[i] = id;
                    break;
                case Bundle.HTTPVerb.PUT when url.Id is null && url.Criteria is not null:
                    {
                        var found = await search.FindIdsAsync(url.Type, url.Criteria, 2, cancellationToken);
                        if (found.Error is not null)
                        {
                            return Fail(i, found.Error);
                        }

                        if (found.Ids.Count > 1)
                        {
                            return Fail(i, Outcomes.PreconditionFailed($"The criteria '{url.Criteria}' match more than one {url.Type}."));
                        }

                        if (found.Ids.Count == 0 && await search.MatchesHiddenAsync(url.Type, url.Criteria, cancellationToken))
                        {
                            return Fail(i, ConsentOutcomes.HiddenMatch(url.Type, url.Criteria));
                        }

                        id = found.Ids.Count == 1 ? found.Ids[0] : (string.IsNullOrEmpty(entry.Resource?.Id) ? IdRules.NewId() : entry.Resource.Id);
                        assigned[i] = id;
                        break;
                    }

                case Bundle.HTTPVerb.PUT or Bundle.HTTPVerb.PATCH or Bundle.HTTPVerb.DELETE when url.Id is not null:
                    id = url.Id;
                    break;
            }

            if (id is not null)
            {
                MapFullUrl(entry, url.Type, id, fullUrls);
            }
        }

        return null;
    }

    private static void MapFullUrl(Bundle.EntryComponent entry, string type, string id, Dictionary<string, string> fullUrls)
    {
        if (!string.IsNullOrEmpty(entry.FullUrl))
        {
            fullUrls[entry.FullUrl] = $"{type}/{id}";
        }
    }

    private static FhirResponse? FindDuplicateTarget(List<Bundle.EntryComponent> entries, BundleEntryUrl[] urls, string?[] assigned)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Request!.Method is Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD || urls[i].Type is null)
            {
                continue;
            }

            var id = urls[i].Id ?? assigned[i];
            if (id is not null && !seen.Add($"{urls[i].Type}/{id}"))
            {
                return Fail(i, Outcomes.BadRequest($"The transaction touches {urls[i].Type}/{id} more than once.", $"Bundle.entry[{i}]"));
            }
        }

        return null;
    }

    private static int Order(Bundle.HTTPVerb? method) => method switch
    {
        Bundle.HTTPVerb.DELETE => 0,
        Bundle.HTTPVerb.POST => 1,
        Bundle.HTTPVerb.PUT or Bundle.HTTPVerb.PATCH => 2,
        _ => 3,
    };

    private static FhirResponse Fail(int index, FhirResponse failure)
    {
        var outcome = failure.Resource as OperationOutcome ?? new OperationOutcome();
        foreach (var issue in outcome.Issue)
        {
            issue.Diagnostics = $"Transaction failed at entry {index}: {issue.Diagnostics}";
            if (!issue.Expression.Any())
            {
                issue.Expression = [$"Bundle.entry[{index}]"];
            }
        }

        return failure with { Resource = outcome, StoredJson = null };
    }
}
