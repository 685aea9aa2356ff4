// The cycle walker stands in for `terraform plan` (which cannot run offline): it must find the
// two known traps when they are put into a real synthesized stack.
import { findCycle, referenceGraph } from '../../stack';
import { Testing } from '../../stack/cdktf';
import { EXAMPLE_POLICIES, synthStack } from './synth-helpers';

describe('referenceGraph', () => {
  it('links resources, data sources and locals through ${...} expressions and depends_on', () => {
    const graph = referenceGraph({
      resource: {
        aws_a: { one: { x: '${aws_b.two.id}-${data.aws_c.three.value}', depends_on: ['aws_d.four'] } },
        aws_b: { two: { y: '${local.five}' } },
        aws_d: { four: { z: 'literal aws_a.one, not an expression' } },
      },
      data: { aws_c: { three: { w: '${var.input}' } } },
      locals: { five: '${upper(aws_d.four.name)}' },
    });
    expect(Object.fromEntries(graph)).toEqual({
      'aws_a.one': ['aws_b.two', 'aws_d.four', 'data.aws_c.three'],
      'aws_b.two': ['local.five'],
      'aws_d.four': [],
      'data.aws_c.three': [],
      'local.five': ['aws_d.four'],
    });
  });

  it('follows references inside nested expressions and counted resources', () => {
    const graph = referenceGraph({
      resource: {
        aws_out: { x: { v: '${one([for d in aws_dom.y : format("%s", d.domain)])}' } },
        aws_dom: { y: { w: '${jsondecode(aws_src.z[0].body)["k"]}' } },
        aws_src: { z: {} },
      },
    });
    expect(graph.get('aws_out.x')).toEqual(['aws_dom.y']);
    expect(graph.get('aws_dom.y')).toEqual(['aws_src.z']);
  });
});

describe('findCycle', () => {
  it('returns the cycle as a closed path', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', []],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('returns undefined for a DAG with shared dependencies', () => {
    const graph = new Map([
      ['a', ['b', 'c']],
      ['b', ['d']],
      ['c', ['d']],
      ['d', []],
    ]);
    expect(findCycle(graph)).toBeUndefined();
  });
});

describe('the known cycle traps in the synthesized stack', () => {
  it('pool id in the function environment: pool -> function -> pool', () => {
    const { stack } = synthStack({ policiesDir: EXAMPLE_POLICIES });
    const { trigger, userPool } = stack.linkPolicy;
    trigger.function.addOverride('environment.variables.USER_POOL_ID', userPool.id);
    const cycle = findCycle(referenceGraph(JSON.parse(Testing.synth(stack))));
    expect(cycle).toBeDefined();
    expect(cycle?.some((node) => node.startsWith('aws_cognito_user_pool.'))).toBe(true);
    expect(cycle?.some((node) => node.startsWith('aws_lambda_function.'))).toBe(true);
  });

  it('pool ARN in the role inline_policy: pool -> function -> role -> pool', () => {
    const { stack } = synthStack({ policiesDir: EXAMPLE_POLICIES });
    const { trigger, userPool } = stack.linkPolicy;
    trigger.role.addOverride('inline_policy', [{ name: 'cognito', policy: `{"Resource":"${userPool.arn}"}` }]);
    const cycle = findCycle(referenceGraph(JSON.parse(Testing.synth(stack))));
    expect(cycle?.map((node) => node.split('.')[0])).toEqual(
      expect.arrayContaining(['aws_cognito_user_pool', 'aws_lambda_function', 'aws_iam_role']),
    );
  });
});
