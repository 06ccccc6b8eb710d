import { describe, expect, it } from "vitest";
import { matchRoute } from "@/serve/router";

describe("serve routes", () => {
  it("routes predictions to production, staging or a version number", () => {
    expect(matchRoute("POST", "/v1/models/acme/card-fraud/predict")).toEqual({ kind: "predict", team: "acme", model: "card-fraud", target: "PRODUCTION" });
    expect(matchRoute("POST", "/v1/models/acme/card-fraud/predict?stage=Staging")).toEqual({ kind: "predict", team: "acme", model: "card-fraud", target: "STAGING" });
    expect(matchRoute("POST", "/v1/models/acme/card-fraud/predict?stage=production")).toMatchObject({ target: "PRODUCTION" });
    expect(matchRoute("POST", "/v1/models/acme/m.v_2/versions/3/predict")).toEqual({ kind: "predict", team: "acme", model: "m.v_2", target: 3 });
    expect(matchRoute("POST", "/v1/models/a%20b/m/predict")).toMatchObject({ team: "a b" });
  });

  it("says what is wrong with a bad stage or version", () => {
    expect(matchRoute("POST", "/v1/models/a/m/predict?stage=dev")).toEqual({ kind: "bad_request", path: "stage", message: "stage must be production or staging, not 'dev'" });
    expect(matchRoute("POST", "/v1/models/a/m/versions/0/predict")).toMatchObject({ kind: "bad_request", path: "version" });
    expect(matchRoute("POST", "/v1/models/a/m/versions/x/predict")).toMatchObject({ kind: "bad_request", path: "version" });
    expect(matchRoute("POST", "/v1/models/%E0%A4%A/m/predict")).toMatchObject({ kind: "bad_request", path: "url" });
  });

  it("answers 405 for a known path with the wrong method, 404 otherwise", () => {
    expect(matchRoute("GET", "/v1/models/a/m/predict")).toEqual({ kind: "method_not_allowed", allow: "POST" });
    expect(matchRoute("POST", "/healthz")).toEqual({ kind: "method_not_allowed", allow: "GET, HEAD" });
    expect(matchRoute("GET", "/healthz")).toEqual({ kind: "healthz" });
    expect(matchRoute("GET", "/readyz")).toEqual({ kind: "readyz" });
    expect(matchRoute("POST", "/v1/models/a/predict")).toEqual({ kind: "not_found" });
    expect(matchRoute("GET", "/")).toEqual({ kind: "not_found" });
  });
});
