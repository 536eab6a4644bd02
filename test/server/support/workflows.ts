// Workflow texts shared by the language-service tests: one small workflow exercising inputs,
// secrets, vars, an action with a catalog output, an llm step with an outputSchema, a condition,
// a loop with an item alias and a parallel step.

export const ORDERS_WORKFLOW = `name: Orders
inputs:
  customerId: { type: string, required: true, description: The customer }
  limit: { type: integer, default: 10 }
secrets: [CRM_TOKEN]
vars:
  greeting: Hello
output:
  total: <<steps.summarize.output.total>>
steps:
  - stepSlug: start
    stepType: trigger
    config:
      type: manual
    nextSteps:
      success: fetch_orders

  - stepSlug: fetch_orders
    stepType: action
    name: Fetch orders
    config:
      type: records.query
      parameters:
        collection: orders
        limit: <<input.limit>>
    nextSteps:
      success: summarize
      error: report_failure

  - stepSlug: summarize
    stepType: llm
    config:
      systemPrompt: Sum the orders.
      userPrompt: <<json(steps.fetch_orders.output.records)>>
      outputFormat: json
      outputSchema:
        type: object
        additionalProperties: false
        properties:
          total: { type: number, description: The sum of all orders }
          currency: { type: string }
    nextSteps:
      success: is_big

  - stepSlug: is_big
    stepType: condition
    config:
      expression: steps.summarize.output.total > 1000
    nextSteps:
      true: each_order
      false: end

  - stepSlug: each_order
    stepType: loop
    config:
      items: <<steps.fetch_orders.output.records>>
      itemVariable: order
    nextSteps:
      next: notify
      done: end

  - stepSlug: notify
    stepType: action
    config:
      type: log
      parameters:
        message: Order <<order.id>> for <<input.customerId>>
    nextSteps:
      success: each_order

  - stepSlug: report_failure
    stepType: action
    config:
      type: log
      parameters:
        message: <<steps.fetch_orders.error.message>>
    nextSteps:
      success: fail
`;
