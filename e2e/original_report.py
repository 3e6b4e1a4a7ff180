from openai import OpenAI
client = OpenAI(base_url="http://localhost:4000/v1", api_key="sk-demo-alias-only")
models = client.models.list()
for model in models.data:
    print(f"- {model.id}")
if models.data:
    model_id = models.data[0].id
    completion = client.chat.completions.create(
        model=model_id, messages=[{"role": "user", "content": "Hello"}])
