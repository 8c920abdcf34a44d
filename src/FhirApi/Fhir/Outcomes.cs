using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace FhirChain.FhirApi.Fhir;

/// <summary>The one place where expected failures become status codes and OperationOutcomes.</summary>
internal static class Outcomes
{
    public static FhirResponse Error(int status, IssueType type, string diagnostics, string? expression = null) =>
        FhirResponse.Of(status, Outcome(IssueSeverity.Error, type, diagnostics, expression));

    public static FhirResponse BadRequest(string diagnostics, string? expression = null) =>
        Error(StatusCodes.Status400BadRequest, IssueType.Invalid, diagnostics, expression);

    public static FhirResponse NotFound(string diagnostics) =>
        Error(StatusCodes.Status404NotFound, IssueType.NotFound, diagnostics);

    public static FhirResponse Gone(string type, string id, string versionId) =>
        Error(StatusCodes.Status410Gone, IssueType.Deleted, $"{type}/{id} was deleted (version {versionId}).") with { VersionId = versionId };

    public static FhirResponse Conflict(string diagnostics) =>
        Error(StatusCodes.Status409Conflict, IssueType.Conflict, diagnostics);

    public static FhirResponse PreconditionFailed(string diagnostics) =>
        Error(StatusCodes.Status412PreconditionFailed, IssueType.Conflict, diagnostics);

    public static FhirResponse Unprocessable(IReadOnlyList<OperationOutcome.IssueComponent> issues) =>
        FhirResponse.Of(StatusCodes.Status422UnprocessableEntity, new OperationOutcome { Issue = [.. issues] });

    public static FhirResponse MethodNotAllowed(string diagnostics) =>
        Error(StatusCodes.Status405MethodNotAllowed, IssueType.NotSupported, diagnostics);

    public static FhirResponse NotSupported(string diagnostics) =>
        Error(StatusCodes.Status400BadRequest, IssueType.NotSupported, diagnostics);

    /// <summary>A stored version whose bytes no longer match its leaf in the provenance log.</summary>
    public static FhirResponse Tampered(string diagnostics) =>
        Error(StatusCodes.Status500InternalServerError, IssueType.Security, diagnostics);

    public static OperationOutcome Outcome(IssueSeverity severity, IssueType type, string diagnostics, string? expression = null)
    {
        var issue = new IssueComponent { Severity = severity, Code = type, Diagnostics = diagnostics };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return new OperationOutcome { Issue = [issue] };
    }

    public static OperationOutcome Information(string diagnostics) =>
        Outcome(IssueSeverity.Information, IssueType.Informational, diagnostics);

    public static IssueComponent Issue(IssueSeverity severity, IssueType type, string diagnostics, string? expression)
    {
        var issue = new IssueComponent { Severity = severity, Code = type, Diagnostics = diagnostics };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }
}
