package mcp

import (
	"encoding/json"
	"net/url"
	"testing"
)

func TestResourcesListAndRead(t *testing.T) {
	s := New(newStack(), Options{})
	session, result := initialize(t, s, "2025-06-18")
	if result["capabilities"].(map[string]interface{})["resources"] == nil {
		t.Errorf("resources are not declared: %v", result["capabilities"])
	}
	var list struct {
		Result struct{ Resources []struct{ URI string } }
	}
	json.Unmarshal(post(t, s, session, `{"jsonrpc":"2.0","id":1,"method":"resources/list"}`).Body.Bytes(), &list)
	if len(list.Result.Resources) != 1 || list.Result.Resources[0].URI != "statusphere://status-pages" {
		t.Errorf("resources/list: %+v", list)
	}
	var templates struct {
		Result struct {
			ResourceTemplates []struct{ URITemplate string }
		}
	}
	json.Unmarshal(post(t, s, session, `{"jsonrpc":"2.0","id":1,"method":"resources/templates/list"}`).Body.Bytes(), &templates)
	if len(templates.Result.ResourceTemplates) != 1 || templates.Result.ResourceTemplates[0].URITemplate != "statusphere://status/{vendor}" {
		t.Errorf("resources/templates/list: %+v", templates)
	}

	read := func(uri string) (map[string]interface{}, rpcError) {
		w := post(t, s, session, `{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"`+uri+`"}}`)
		var answer struct {
			Result struct {
				Contents []struct{ URI, MimeType, Text string }
			}
		}
		json.Unmarshal(w.Body.Bytes(), &answer)
		if err := rpcErrorOf(t, w); err.Code != 0 {
			return nil, err
		}
		if len(answer.Result.Contents) != 1 || answer.Result.Contents[0].URI != uri || answer.Result.Contents[0].MimeType != "application/json" {
			t.Fatalf("resources/read %s: %s", uri, w.Body)
		}
		var document map[string]interface{}
		if err := json.Unmarshal([]byte(answer.Result.Contents[0].Text), &document); err != nil {
			t.Fatalf("resources/read %s: not JSON: %v", uri, err)
		}
		return document, rpcError{}
	}
	if pages, _ := read("statusphere://status-pages"); len(pages["statusPages"].([]interface{})) != 3 {
		t.Errorf("every page: %v", pages)
	}
	acme, _ := read("statusphere://status/" + url.PathEscape("https://status.acme.test"))
	if acme["name"] != "Acme" || len(acme["unresolvedIncidents"].([]interface{})) != 1 {
		t.Errorf("one vendor's status: %v", acme)
	}
	for _, uri := range []string{"statusphere://status/Nobody", "statusphere://elsewhere", "https://status.acme.test"} {
		if _, err := read(uri); err.Code != codeResourceNotFound {
			t.Errorf("%s: error %+v, want -32002", uri, err)
		}
	}
}
