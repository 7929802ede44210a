using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Web;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A stand-in for GitHub's REST deployments API as documented, at the paths GitHub Enterprise Server uses
/// (<c>/api/v3/...</c>, which is where Octokit goes when given a base address other than github.com):
/// POST/GET <c>/repos/{owner}/{repo}/deployments</c> and POST/GET <c>/deployments/{id}/statuses</c>, answering the
/// documented JSON (ids, urls, creator, times; lists newest first). A request without the token is 401 "Bad
/// credentials"; a deployment without a ref, a status with an unknown state or a description over 140 characters is
/// 422 "Validation Failed"; an unknown deployment is 404. Every request is recorded.
/// </summary>
internal sealed partial class LoopbackGitHub : LoopbackReceiver
{
    private static readonly string[] States = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"];
    private readonly List<JsonObject> _deployments = [];
    private readonly Dictionary<long, List<JsonObject>> _statuses = [];
    private long _nextId = 1000;

    public LoopbackGitHub(string owner, string repository, string token)
        : base(_ => new ReceiverAnswer(500))
    {
        Owner = owner;
        Repository = repository;
        Token = token;
        Handler = Answer;
    }

    public string Owner { get; }

    public string Repository { get; }

    public string Token { get; }

    /// <summary>The calls that changed something, in order: "create 1000 ref=... env=...", "status 1000 in_progress: ...".</summary>
    public IReadOnlyList<string> Changes
    {
        get
        {
            lock (_deployments)
                return _changes.ToList();
        }
    }

    public IReadOnlyList<JsonObject> Deployments
    {
        get
        {
            lock (_deployments)
                return _deployments.Select(d => (JsonObject)d.DeepClone()).ToList();
        }
    }

    public IReadOnlyList<JsonObject> StatusesOf(long id)
    {
        lock (_deployments)
            return _statuses.TryGetValue(id, out var list) ? list.Select(s => (JsonObject)s.DeepClone()).ToList() : [];
    }

    private readonly List<string> _changes = [];

    private string Base => $"{Url}api/v3/repos/{Owner}/{Repository}";

    private ReceiverAnswer Answer(ReceivedRequest request)
    {
        var auth = request.Header("Authorization") ?? "";
        if (!auth.Equals($"token {Token}", StringComparison.OrdinalIgnoreCase) && !auth.Equals($"bearer {Token}", StringComparison.OrdinalIgnoreCase))
            return Json(401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = "https://docs.github.com/rest" });
        var route = Route().Match(request.Path);
        if (!route.Success || route.Groups["owner"].Value != Owner || route.Groups["repo"].Value != Repository)
            return NotFound();
        lock (_deployments)
        {
            if (!route.Groups["id"].Success)
                return request.Method switch
                {
                    "POST" => CreateDeployment(request.Json),
                    "GET" => ListDeployments(HttpUtility.ParseQueryString(request.Query)),
                    _ => NotFound(),
                };
            var id = long.Parse(route.Groups["id"].Value);
            if (!_statuses.ContainsKey(id))
                return NotFound();
            return request.Method switch
            {
                "POST" => CreateStatus(id, request.Json),
                "GET" => Json(200, new JsonArray(_statuses[id].AsEnumerable().Reverse().Select(s => (JsonNode)s.DeepClone()).ToArray())),
                _ => NotFound(),
            };
        }
    }

    private ReceiverAnswer CreateDeployment(JsonElement body)
    {
        if (!body.TryGetProperty("ref", out var gitRef) || gitRef.GetString() is not { Length: > 0 } refName)
            return Invalid("Deployment", "ref", "missing_field");
        var id = _nextId++;
        var environment = body.TryGetProperty("environment", out var env) ? env.GetString()! : "production";
        var now = Now();
        var deployment = new JsonObject
        {
            ["url"] = $"{Base}/deployments/{id}",
            ["id"] = id,
            ["node_id"] = $"DE_kwDO{id}",
            ["sha"] = "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d",
            ["ref"] = refName,
            ["task"] = body.TryGetProperty("task", out var task) ? task.GetString() : "deploy",
            ["payload"] = body.TryGetProperty("payload", out var payload) ? JsonNode.Parse(payload.GetRawText()) : new JsonObject(),
            ["original_environment"] = environment,
            ["environment"] = environment,
            ["description"] = body.TryGetProperty("description", out var description) ? description.GetString() : null,
            ["creator"] = Creator(),
            ["created_at"] = now,
            ["updated_at"] = now,
            ["statuses_url"] = $"{Base}/deployments/{id}/statuses",
            ["repository_url"] = Base,
            ["transient_environment"] = false,
            ["production_environment"] = environment == "production",
        };
        _deployments.Add(deployment);
        _statuses[id] = [];
        _changes.Add($"create {id} ref={refName} env={environment} release={deployment["payload"]?["release"]}"
                     + $" auto_merge={(body.TryGetProperty("auto_merge", out var merge) ? merge.ToString() : "unset")}"
                     + $" required_contexts={(body.TryGetProperty("required_contexts", out var contexts) ? contexts.GetRawText() : "unset")}");
        return Json(201, (JsonObject)deployment.DeepClone());
    }

    private ReceiverAnswer ListDeployments(System.Collections.Specialized.NameValueCollection query)
    {
        var perPage = int.TryParse(query["per_page"], out var size) ? Math.Clamp(size, 1, 100) : 30;
        var page = int.TryParse(query["page"], out var number) ? Math.Max(1, number) : 1;
        var found = _deployments.AsEnumerable().Reverse()
            .Where(d => query["environment"] is not { } env || (string?)d["environment"] == env)
            .Skip((page - 1) * perPage).Take(perPage)
            .Select(d => (JsonNode)d.DeepClone()).ToArray();
        return Json(200, new JsonArray(found));
    }

    private ReceiverAnswer CreateStatus(long id, JsonElement body)
    {
        var state = body.TryGetProperty("state", out var s) ? s.GetString() : null;
        if (state == null || !States.Contains(state))
            return Invalid("DeploymentStatus", "state", "invalid");
        var description = body.TryGetProperty("description", out var d) ? d.GetString() : null;
        if (description is { Length: > 140 })
            return Invalid("DeploymentStatus", "description", "too_long");
        var statusId = _nextId++;
        var now = Now();
        var status = new JsonObject
        {
            ["url"] = $"{Base}/deployments/{id}/statuses/{statusId}",
            ["id"] = statusId,
            ["node_id"] = $"DES_kwDO{statusId}",
            ["state"] = state,
            ["creator"] = Creator(),
            ["description"] = description ?? "",
            ["environment"] = (string?)_deployments.Single(x => (long)x["id"]! == id)["environment"],
            ["target_url"] = Text(body, "log_url") ?? Text(body, "target_url") ?? "",
            ["log_url"] = Text(body, "log_url") ?? "",
            ["environment_url"] = Text(body, "environment_url") ?? "",
            ["created_at"] = now,
            ["updated_at"] = now,
            ["deployment_url"] = $"{Base}/deployments/{id}",
            ["repository_url"] = Base,
        };
        _statuses[id].Add(status);
        _changes.Add($"status {id} {state}: {description}");
        return Json(201, (JsonObject)status.DeepClone());
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonObject Creator() => new()
    {
        ["login"] = "github-actions[bot]", ["id"] = 41898282, ["node_id"] = "MDM6Qm90NDE4OTgyODI=", ["type"] = "Bot", ["site_admin"] = false,
        ["url"] = "https://api.github.com/users/github-actions%5Bbot%5D", ["html_url"] = "https://github.com/apps/github-actions",
    };

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static ReceiverAnswer NotFound() => Json(404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" });

    private static ReceiverAnswer Invalid(string resource, string field, string code) => Json(422, new JsonObject
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["field"] = field, ["code"] = code }),
        ["documentation_url"] = "https://docs.github.com/rest/deployments",
    });

    private static ReceiverAnswer Json(int status, JsonNode body) => new(status, body.ToJsonString(), "application/json; charset=utf-8");

    [GeneratedRegex("^/api/v3/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/deployments(?:/(?<id>[0-9]+)/statuses)?/?$")]
    private static partial Regex Route();
}
