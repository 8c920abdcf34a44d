using FhirChain.FhirApi.Bundles;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Interactions;
using FhirChain.FhirApi.Interactions.Capabilities;
using FhirChain.FhirApi.Interactions.History;
using FhirChain.FhirApi.Interactions.Patch;
using FhirChain.FhirApi.Interactions.Read;
using FhirChain.FhirApi.Interactions.Search;
using FhirChain.FhirApi.Interactions.Validate;
using FhirChain.FhirApi.Interactions.Verify;
using FhirChain.FhirApi.Interactions.Write;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Rest;

/// <summary>
/// The FHIR REST API at <c>/fhir</c>: each route turns the HTTP request into one request object and
/// sends it through the mediator; <see cref="FhirHttpResult"/> writes the answer.
/// </summary>
internal static class FhirEndpoints
{
    public static void MapFhirEndpoints(this IEndpointRouteBuilder app)
    {
        var fhir = app.MapGroup("/fhir");

        // A response format the server cannot produce is refused before the interaction runs, so a 406 never follows a committed write.
        fhir.AddEndpointFilter(async (context, next) =>
            FhirMediaTypes.ForResponse(context.HttpContext.Request) is null
                ? new FhirHttpResult(new FhirResponse(StatusCodes.Status406NotAcceptable))
                : await next(context));

        fhir.MapGet("/metadata", (HttpRequest http, ISender sender, CancellationToken ct) =>
            Send(sender, new CapabilitiesRequest(FhirRequestContext.BaseUrlOf(http)), ct));

        fhir.MapPost("/", async (HttpRequest http, ISender sender, BodyParser parser, CancellationToken ct) =>
        {
            var body = await parser.ParseAsync(http, judgeContentLater: true, ct);
            if (body.Error is not null)
            {
                return new FhirHttpResult(body.Error);
            }

            if (body.Resource is not Bundle bundle)
            {
                return new FhirHttpResult(Outcomes.BadRequest($"Only a Bundle can be posted to the base URL, not a {body.Resource!.TypeName}.", "resourceType"));
            }

            var context = FhirRequestContext.From(http);
            return await Send(sender, new BundleRequest(bundle, context.BaseUrl, context.ReturnMinimal), ct);
        });

        // GET [base] and POST [base]/_search: search across types (POST [base] takes batch and transaction Bundles).
        fhir.MapGet("/", (HttpRequest http, ISender sender, IOptions<FhirServerOptions> options, CancellationToken ct) =>
        {
            var context = FhirRequestContext.From(http);
            return Send(sender, new SystemSearchRequest(Query(http), context.StrictHandling ?? options.Value.StrictSearchByDefault, context.BaseUrl), ct);
        });

        fhir.MapPost("/_search", async (HttpRequest http, ISender sender, IOptions<FhirServerOptions> options, CancellationToken ct) =>
        {
            var context = FhirRequestContext.From(http);
            var parameters = await SearchParametersAsync(http, ct);
            return await Send(sender, new SystemSearchRequest(parameters, context.StrictHandling ?? options.Value.StrictSearchByDefault, context.BaseUrl), ct);
        });

        fhir.MapGet("/_history", (HttpRequest http, ISender sender, CancellationToken ct) =>
            Send(sender, new HistoryRequest(null, null, Query(http), FhirRequestContext.BaseUrlOf(http)), ct));

        fhir.MapGet("/{type}", (string type, HttpRequest http, ISender sender, IOptions<FhirServerOptions> options, CancellationToken ct) =>
        {
            var context = FhirRequestContext.From(http);
            return Send(sender, new SearchRequest(type, Query(http), context.StrictHandling ?? options.Value.StrictSearchByDefault, context.BaseUrl), ct);
        });

        fhir.MapPost("/{type}/_search", async (string type, HttpRequest http, ISender sender, IOptions<FhirServerOptions> options, CancellationToken ct) =>
        {
            var context = FhirRequestContext.From(http);
            var parameters = await SearchParametersAsync(http, ct);
            return await Send(sender, new SearchRequest(type, parameters, context.StrictHandling ?? options.Value.StrictSearchByDefault, context.BaseUrl), ct);
        });

        fhir.MapPost("/{type}", async (string type, HttpRequest http, ISender sender, BodyParser parser, CancellationToken ct) =>
        {
            var body = await parser.ParseAsync(http, ct);
            if (body.Error is not null)
            {
                return new FhirHttpResult(body.Error);
            }

            var conditions = new WriteConditions(IfNoneExist: NullIfEmpty(http.Headers["If-None-Exist"]));
            return await Send(sender, new CreateRequest(type, body.Resource!, conditions), ct, Preference(http));
        });

        fhir.MapPut("/{type}", async (string type, HttpRequest http, ISender sender, BodyParser parser, CancellationToken ct) =>
        {
            if (http.QueryString.Value is not { Length: > 1 } query)
            {
                return new FhirHttpResult(Outcomes.MethodNotAllowed($"PUT on [base]/{type} needs search criteria (conditional update) or an id in the URL."));
            }

            var body = await parser.ParseAsync(http, ct);
            if (body.Error is not null)
            {
                return new FhirHttpResult(body.Error);
            }

            return await Send(sender, new ConditionalUpdateRequest(type, query[1..], body.Resource!, Conditions(http)), ct, Preference(http));
        });

        fhir.MapDelete("/{type}", (string type, HttpRequest http, ISender sender, CancellationToken ct) =>
            http.QueryString.Value is { Length: > 1 } query
                ? Send(sender, new DeleteRequest(type, null, query[1..], Conditions(http)), ct)
                : System.Threading.Tasks.Task.FromResult<IResult>(new FhirHttpResult(Outcomes.MethodNotAllowed($"DELETE on [base]/{type} needs search criteria (conditional delete) or an id in the URL."))));

        fhir.MapPatch("/{type}", async (string type, HttpRequest http, ISender sender, FhirSerializer serializer, IOptions<FhirServerOptions> options, CancellationToken ct) =>
        {
            if (http.QueryString.Value is not { Length: > 1 } query)
            {
                return new FhirHttpResult(Outcomes.MethodNotAllowed($"PATCH on [base]/{type} needs search criteria (conditional patch) or an id in the URL."));
            }

            var patch = await ReadPatchAsync(http, serializer, options.Value, ct);
            return patch.Error is not null
                ? new FhirHttpResult(patch.Error)
                : await Send(sender, new PatchRequest(type, null, query[1..], patch.Document!, Conditions(http)), ct, Preference(http));
        });

        fhir.MapGet("/{type}/_history", (string type, HttpRequest http, ISender sender, CancellationToken ct) =>
            Send(sender, new HistoryRequest(type, null, Query(http), FhirRequestContext.BaseUrlOf(http)), ct));

        fhir.MapPost("/{type}/$validate", async (string type, HttpRequest http, ISender sender, BodyParser parser, CancellationToken ct) =>
            await ValidateAsync(type, null, http, sender, parser, ct));

        fhir.MapGet("/{type}/{id}", (string type, string id, HttpRequest http, ISender sender, CancellationToken ct) =>
        {
            DateTimeOffset? since = http.GetTypedHeaders().IfModifiedSince;
            return Send(sender, new ReadRequest(type, id, NullIfEmpty(http.Headers.IfNoneMatch), since), ct);
        });

        fhir.MapPut("/{type}/{id}", async (string type, string id, HttpRequest http, ISender sender, BodyParser parser, CancellationToken ct) =>
        {
            var body = await parser.ParseAsync(http, ct);
            if (body.Error is not null)
            {
                return new FhirHttpResult(body.Error);
            }

            return await Send(sender, new UpdateRequest(type, id, body.Resource!, Conditions(http)), ct, Preference(http));
        });

        fhir.MapPatch("/{type}/{id}", async (string type, string id, HttpRequest http, ISender sender, FhirSerializer serializer, IOptions<FhirServerOptions> options, CancellationToken ct) =>
        {
            var patch = await ReadPatchAsync(http, serializer, options.Value, ct);
            return patch.Error is not null
                ? new FhirHttpResult(patch.Error)
                : await Send(sender, new PatchRequest(type, id, null, patch.Document!, Conditions(http)), ct, Preference(http));
        });

        fhir.MapDelete("/{type}/{id}", (string type, string id, HttpRequest http, ISender sender, CancellationToken ct) =>
            Send(sender, new DeleteRequest(type, id, null, Conditions(http)), ct));

        fhir.MapGet("/{type}/{id}/_history", (string type, string id, HttpRequest http, ISender sender, CancellationToken ct) =>
            Send(sender, new HistoryRequest(type, id, Query(http), FhirRequestContext.BaseUrlOf(http)), ct));

        fhir.MapGet("/Patient/{id}/$everything", (string id, HttpRequest http, ISender sender, CancellationToken ct) =>
            Send(sender, new EverythingRequest(id, Query(http), FhirRequestContext.BaseUrlOf(http)), ct));

        fhir.MapGet("/{compartment}/{id}/{type}", (string compartment, string id, string type, HttpRequest http, ISender sender, IOptions<FhirServerOptions> options, CancellationToken ct) =>
        {
            var context = FhirRequestContext.From(http);
            return Send(sender, new CompartmentSearchRequest(compartment, id, type, Query(http), context.StrictHandling ?? options.Value.StrictSearchByDefault, context.BaseUrl), ct);
        });

        fhir.MapGet("/{type}/{id}/_history/{vid}", (string type, string id, string vid, ISender sender, CancellationToken ct) =>
            Send(sender, new VReadRequest(type, id, vid), ct));

        fhir.MapPost("/{type}/{id}/$validate", async (string type, string id, HttpRequest http, ISender sender, BodyParser parser, CancellationToken ct) =>
            await ValidateAsync(type, id, http, sender, parser, ct));

        fhir.MapGet("/{type}/{id}/$verify", (string type, string id, ISender sender, CancellationToken ct) =>
            Send(sender, new VerifyRequest(type, id, null), ct));

        fhir.MapGet("/{type}/{id}/_history/{vid}/$verify", (string type, string id, string vid, ISender sender, CancellationToken ct) =>
            Send(sender, new VerifyRequest(type, id, vid), ct));
    }

    private static async Task<IResult> Send(ISender sender, IRequest<FhirResponse> request, CancellationToken cancellationToken, BodyPreference preference = BodyPreference.Representation) =>
        new FhirHttpResult(await sender.Send(request, cancellationToken), preference);

    private static async Task<IResult> ValidateAsync(string type, string? id, HttpRequest http, ISender sender, BodyParser parser, CancellationToken cancellationToken)
    {
        Resource? resource = null;
        IReadOnlyList<ParseIssue> issues = [];
        if (http.ContentLength is > 0 || http.Headers.TransferEncoding.Count > 0)
        {
            var body = await parser.ParseAsync(http, cancellationToken);
            if (body.Error is not null && body.Parsed?.Resource is null)
            {
                return new FhirHttpResult(body.Error);
            }

            resource = body.Resource ?? body.Parsed?.Resource;
            issues = body.Parsed?.ValidationIssues ?? [];
            if (resource is Parameters parameters && parameters.Parameter.FirstOrDefault(p => p.Name == "resource")?.Resource is { } wrapped)
            {
                resource = wrapped;
            }
        }

        return await Send(sender, new ValidateRequest(type, id, resource, issues), cancellationToken);
    }

    private static async Task<(PatchDocument? Document, FhirResponse? Error)> ReadPatchAsync(HttpRequest http, FhirSerializer serializer, FhirServerOptions options, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(http, options.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            return (null, Outcomes.Error(StatusCodes.Status413PayloadTooLarge, OperationOutcome.IssueType.TooLong, "The patch is larger than Fhir:MaxRequestBodyBytes."));
        }

        var contentType = http.ContentType ?? string.Empty;
        if (contentType.StartsWith(FhirMediaTypes.JsonPatch, StringComparison.OrdinalIgnoreCase))
        {
            return JsonPatcher.ParseOperations(body) is { } operations
                ? (new PatchDocument(operations, null), null)
                : (null, Outcomes.BadRequest("The JSON Patch body is not a JSON array of operations."));
        }

        if (FhirMediaTypes.FromContentType(contentType) is { } format)
        {
            var parsed = serializer.Parse(body, format);
            return parsed.Resource is Parameters parameters && parsed.SyntaxIssues.Count == 0
                ? (new PatchDocument(null, parameters), null)
                : (null, Outcomes.BadRequest("A FHIRPath Patch must be a valid Parameters resource."));
        }

        return (null, Outcomes.Error(StatusCodes.Status415UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
            $"PATCH takes application/json-patch+json (JSON Patch) or a FHIR Parameters (FHIRPath Patch), not '{contentType}'."));
    }

    private static List<KeyValuePair<string, string>> Query(HttpRequest http) => QueryStrings.Parse(http.QueryString.Value);

    /// <summary>The parameters of <c>POST .../_search</c>: the URL's and the form body's.</summary>
    private static async Task<List<KeyValuePair<string, string>>> SearchParametersAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var parameters = Query(http);
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(cancellationToken);
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))));
        }

        return parameters;
    }

    private static WriteConditions Conditions(HttpRequest http) =>
        new(NullIfEmpty(http.Headers.IfMatch), NullIfEmpty(http.Headers["If-None-Exist"]));

    private static BodyPreference Preference(HttpRequest http)
    {
        var context = FhirRequestContext.From(http);
        return context.ReturnMinimal ? BodyPreference.Minimal : context.ReturnOutcome ? BodyPreference.OperationOutcome : BodyPreference.Representation;
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 || string.IsNullOrWhiteSpace(value.ToString()) ? null : value.ToString();
}
